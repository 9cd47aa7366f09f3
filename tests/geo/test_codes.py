import pytest

from cityloop.core.errors import DomainError
from cityloop.geo.codes import parent_code_of, validate_grid_code, validate_region_code
from cityloop.geo.models import RegionLevel


@pytest.mark.parametrize("code", ["33010600100101", " 11010100200399 ", "82000000000001"])
def test_validate_grid_code__accepts_legacy_codes(code):
    # when
    result = validate_grid_code(code)

    # then
    assert result == code.strip()


def test_validate_grid_code__accepts_15_character_code_as_given():
    assert validate_grid_code("3301060A1B2C3D4") == "3301060A1B2C3D4"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("", "为空"),
        ("3301060010010", "长 13 位"),
        ("3301060010010A", "只能由数字组成"),
        ("99010600100101", "省级行政区划代码"),
        ("16010600100101", "省级行政区划代码"),
        ("33010600100100", "不能为“00”"),
        ("3301060a1b2c3d4", "大写英文字母"),
        ("3301060A1B2C3D4X", "长 16 位"),
    ],
)
def test_validate_grid_code__rejects_malformed_codes_with_reason(code, reason):
    # when
    with pytest.raises(DomainError) as caught:
        validate_grid_code(code)

    # then
    assert caught.value.code == "grid_code_malformed"
    assert reason in caught.value.message


@pytest.mark.parametrize(
    ("code", "level"),
    [("330106", RegionLevel.DISTRICT), ("330106001", RegionLevel.STREET), ("330106001001", "community")],
)
def test_validate_region_code__accepts_codes_of_the_right_length(code, level):
    assert validate_region_code(code, level) == code


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("33010", "district"),
        ("330106001", "district"),
        ("990106001", "street"),
        ("33010600100A", "community"),
    ],
)
def test_validate_region_code__rejects_wrong_length_or_province(code, level):
    with pytest.raises(DomainError) as caught:
        validate_region_code(code, level)

    assert caught.value.code == "region_code_malformed"


def test_validate_region_code__rejects_unknown_level():
    with pytest.raises(DomainError) as caught:
        validate_region_code("330106", "province")

    assert caught.value.code == "region_level_unknown"


@pytest.mark.parametrize(
    ("code", "parent"),
    [
        ("33010600100101", "330106001001"),
        ("330106001001", "330106001"),
        ("330106001", "330106"),
        ("330106", None),
        ("3301060A1B2C3D4", None),
    ],
)
def test_parent_code_of__follows_the_code_hierarchy(code, parent):
    assert parent_code_of(code) == parent
