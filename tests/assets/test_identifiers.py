import pytest

from cityloop.assets.identifiers import (
    check_identifier_district,
    parse_component_identifier,
    validate_component_identifier,
)
from cityloop.core.errors import DomainError


def test_validate__accepts_17_digits_embedding_the_category_code(catalog):
    assert validate_component_identifier("33010601001000123", catalog.manhole) == "33010601001000123"


def test_validate__accepts_16_digits_in_a_legacy_scheme(catalog):
    assert validate_component_identifier("3301060101000123", catalog.legacy_manhole) == "3301060101000123"


@pytest.mark.parametrize(
    "identifier",
    [
        "3301060100100012",  # 16 digits where the scheme wants 17
        "330106010010001234",  # 18 digits
        "3301060100100012A",  # not all digits
        "３３０１０６０１００１０００１２３",  # full-width digits are not ASCII digits
        "33010601001000000",  # serial all zeros
        "",
    ],
)
def test_validate__refuses_malformed_identifiers(catalog, identifier):
    with pytest.raises(DomainError) as raised:
        validate_component_identifier(identifier, catalog.manhole)
    assert raised.value.code == "component_identifier_malformed"


def test_validate__refuses_a_17_digit_identifier_in_a_legacy_scheme(catalog):
    with pytest.raises(DomainError) as raised:
        validate_component_identifier("33010601001000123", catalog.legacy_manhole)
    assert raised.value.code == "component_identifier_malformed"
    assert "16 位" in raised.value.message


def test_validate__refuses_an_identifier_of_another_category(catalog):
    with pytest.raises(DomainError) as raised:
        validate_component_identifier("33010601002000123", catalog.manhole)
    assert raised.value.code == "component_identifier_category_mismatch"
    assert "01002" in raised.value.message


def test_parse__splits_district_category_and_serial():
    parsed = parse_component_identifier("3301060101000123", 16)
    assert (parsed.district_code, parsed.category_code, parsed.serial) == ("330106", "0101", "000123")


def test_check_district__refuses_another_district():
    parsed = parse_component_identifier("33010201001000001", 17)
    with pytest.raises(DomainError) as raised:
        check_identifier_district(parsed, "330106")
    assert raised.value.code == "component_identifier_district_mismatch"
    check_identifier_district(parse_component_identifier("33010601001000001", 17), "330106")
