import pytest

from cityloop.catalog.actions import do_add_local_category
from cityloop.catalog.models import Category
from cityloop.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_do_add_local_category__legacy_two_digit_minor(legacy_scheme):
    category = do_add_local_category(legacy_scheme, "event", "01", "21", "乱贴乱画")

    assert (category.code, category.minor_code, category.is_local) == ("0121", "21", True)
    assert category.major.code == "01"
    assert category.major.kind == "event"


def test_do_add_local_category__gbt_three_digit_minor_by_scheme_key(gbt_scheme):
    category = do_add_local_category("gbt47678-2026", "component", "03", "901", "智能垃圾箱")

    assert category.code == "03901"
    assert category.scheme == gbt_scheme


@pytest.mark.parametrize(
    ("scheme_key", "major", "minor"),
    [
        ("legacy", "01", "021"),  # 3 digits in a 2-digit scheme
        ("legacy", "01", "2"),
        ("legacy", "01", "00"),
        ("gbt47678-2026", "06", "99"),  # 2 digits where 47678.5 uses 3
        ("gbt47678-2026", "06", "9a1"),
        ("gbt47678-2026", "06", "９０１"),  # full-width digits
        ("gbt47678-2026", "6", "901"),
    ],
)
def test_do_add_local_category__refuses_malformed_codes(gbt_scheme, legacy_scheme, scheme_key, major, minor):
    with pytest.raises(DomainError) as raised:
        do_add_local_category(scheme_key, "event", major, minor, "本地事项")

    assert raised.value.code == "category_code_malformed"
    assert not Category.objects.filter(is_local=True).exists()


def test_do_add_local_category__refuses_existing_code(gbt_scheme):
    with pytest.raises(DomainError) as raised:
        do_add_local_category(gbt_scheme, "event", "06", "010", "重复的暴露垃圾")

    assert raised.value.code == "category_exists"
    assert "暴露垃圾" in raised.value.message


def test_do_add_local_category__same_code_in_other_kind_is_allowed(gbt_scheme):
    do_add_local_category(gbt_scheme, "event", "01", "901", "本地部件事项")

    category = do_add_local_category(gbt_scheme, "component", "01", "901", "本地部件")

    assert category.kind == "component"


def test_do_add_local_category__refuses_unknown_major(gbt_scheme):
    with pytest.raises(DomainError) as raised:
        do_add_local_category(gbt_scheme, "component", "06", "901", "没有这个部件大类")

    assert raised.value.code == "major_unknown"


def test_do_add_local_category__refuses_empty_name(gbt_scheme):
    with pytest.raises(DomainError) as raised:
        do_add_local_category(gbt_scheme, "event", "06", "901", "  ")

    assert raised.value.code == "category_name_required"


def test_do_add_local_category__refuses_unknown_scheme(db):
    with pytest.raises(DomainError) as raised:
        do_add_local_category("nope", "event", "06", "901", "x")

    assert raised.value.code == "unknown_scheme"
