from io import StringIO

import pytest
from django.core.management import call_command

from cityloop.catalog.actions import do_add_local_category
from cityloop.catalog.loading import load_all_schemes, load_scheme
from cityloop.catalog.models import Category, FilingCondition, MajorCategory, Scheme
from cityloop.catalog.schemes import SCHEMES
from cityloop.core.errors import DomainError
from tests.catalog.helpers import expected_counts, seed_rows_by_tag

pytestmark = pytest.mark.django_db


def category_counts(scheme: Scheme) -> dict[str, int]:
    return {
        kind: Category.objects.filter(scheme=scheme, kind=kind).count() for kind in ("component", "event")
    }


def test_load_scheme__gbt_counts_match_tagged_rows():
    gbt_rows = seed_rows_by_tag()["GB/T 47678.5-2026"]

    load_scheme("gbt47678-2026")

    scheme = Scheme.objects.get(code="gbt47678-2026")
    assert category_counts(scheme) == {
        kind: sum(1 for row in gbt_rows if row["kind"] == kind) for kind in ("component", "event")
    }
    assert category_counts(scheme) == expected_counts(SCHEMES["gbt47678-2026"].tags)
    assert (scheme.category_code_length, scheme.component_identifier_length) == (5, 17)
    assert set(Category.objects.filter(scheme=scheme).values_list("is_local", flat=True)) == {False}


def test_load_scheme__legacy_counts_are_tagged_rows_minus_resolved_clashes():
    legacy_tags = SCHEMES["legacy"].tags
    tagged = sum(len(seed_rows_by_tag()[tag]) for tag in legacy_tags)

    summary = load_scheme("legacy")

    scheme = Scheme.objects.get(code="legacy")
    counts = category_counts(scheme)
    assert counts == expected_counts(legacy_tags)
    assert sum(counts.values()) == tagged - summary.skipped["categories"]
    assert summary.skipped["categories"] > 0, "the seed's legacy sources disagree on some codes"
    assert (scheme.category_code_length, scheme.component_identifier_length) == (4, 16)


def test_load_scheme__legacy_clash_keeps_earlier_source_and_notes_the_other():
    by_tag = seed_rows_by_tag()
    older = {row["code"]: row for row in by_tag["LEGACY-2007"] if row["kind"] == "event"}
    clashing = [
        row
        for row in by_tag["LEGACY-2013?"]
        if row["code"] in older and row["minor_name"] != older[row["code"]]["minor_name"]
    ]
    assert clashing, "expected the seed to contain a clash with different names"

    load_scheme("legacy")

    for row in clashing:
        category = Category.objects.get(scheme__code="legacy", kind="event", code=row["code"])
        assert category.name == older[row["code"]]["minor_name"]
        assert row["minor_name"] in category.notes


def test_load_scheme__component_and_event_with_same_code_coexist(gbt_scheme):
    component = Category.objects.get(scheme=gbt_scheme, kind="component", code="01001")
    event = Category.objects.get(scheme=gbt_scheme, kind="event", code="01001")

    assert component.pk != event.pk
    assert component.major.kind == "component"
    assert event.major.kind == "event"
    assert (component.major.code, component.minor_code) == ("01", "001")


def test_load_scheme__gbt_becomes_default_when_none_is():
    load_scheme("legacy")
    assert not Scheme.objects.filter(is_default=True).exists()

    load_scheme("gbt47678-2026")

    assert Scheme.objects.get(is_default=True).code == "gbt47678-2026"


def test_load_scheme__keeps_another_default_scheme():
    load_scheme("legacy")
    Scheme.objects.filter(code="legacy").update(is_default=True)

    load_scheme("gbt47678-2026")

    assert list(Scheme.objects.filter(is_default=True).values_list("code", flat=True)) == ["legacy"]


def test_load_scheme__unknown_key_is_refused():
    with pytest.raises(DomainError) as raised:
        load_scheme("gbt99999")

    assert raised.value.code == "unknown_scheme"
    assert not Scheme.objects.exists()


def test_load_scheme__reload_changes_nothing(gbt_scheme):
    before = category_counts(gbt_scheme)
    majors_before = MajorCategory.objects.count()

    summary = load_scheme("gbt47678-2026")

    assert category_counts(gbt_scheme) == before
    assert MajorCategory.objects.count() == majors_before
    assert summary.created["categories"] == summary.updated["categories"] == 0
    assert summary.unchanged["categories"] == sum(before.values())


def test_load_scheme__reload_restores_edited_standard_name_and_keeps_local_and_inactive(gbt_scheme):
    standard = Category.objects.get(scheme=gbt_scheme, kind="event", code="06010")
    original_name = standard.name
    Category.objects.filter(pk=standard.pk).update(name="改过的名字", is_active=False)
    MajorCategory.objects.filter(scheme=gbt_scheme, kind="event", code="06").update(name="改过的大类")
    local = do_add_local_category(gbt_scheme, "event", "06", "901", "本地新增事项")

    summary = load_scheme("gbt47678-2026")

    standard.refresh_from_db()
    assert standard.name == original_name
    assert standard.is_active is False, "staff switched it off; reload must not switch it back on"
    assert MajorCategory.objects.get(scheme=gbt_scheme, kind="event", code="06").name == "市容环境类"
    assert Category.objects.get(pk=local.pk).name == "本地新增事项"
    assert summary.updated["categories"] == 1
    assert summary.updated["majors"] == 1


def test_load_scheme__local_category_occupying_a_standard_code_is_left_alone(gbt_scheme):
    # A bureau's local row whose code a later edition of the standard also uses.
    local = Category.objects.get(scheme=gbt_scheme, kind="event", code="06010")
    Category.objects.filter(pk=local.pk).update(is_local=True, name="本地占用")

    summary = load_scheme("gbt47678-2026")

    local.refresh_from_db()
    assert (local.name, local.is_local) == ("本地占用", True)
    assert summary.skipped["categories"] == 1
    assert any("06010" in warning for warning in summary.warnings)


def test_load_all_schemes__loads_every_shipped_scheme_and_default_is_gbt():
    load_all_schemes()

    assert set(Scheme.objects.values_list("code", flat=True)) == set(SCHEMES)
    assert Scheme.objects.get(is_default=True).code == "gbt47678-2026"


def test_load_catalog_command__prints_counts_and_loads_standards():
    out = StringIO()

    call_command("load_catalog", stdout=out)

    assert "categories: 新增" in out.getvalue()
    assert "filing_conditions: 新增" in out.getvalue()
    assert FilingCondition.objects.exists()


def test_load_catalog_command__no_standards_and_single_scheme():
    call_command("load_catalog", "--scheme", "legacy", "--no-standards", stdout=StringIO())

    assert list(Scheme.objects.values_list("code", flat=True)) == ["legacy"]
    assert not FilingCondition.objects.exists()


def test_load_catalog_command__rerun_keeps_a_bureau_edited_time_limit():
    call_command("load_catalog", stdout=StringIO())
    condition = FilingCondition.objects.filter(category__code="06010").first()
    assert condition is not None
    FilingCondition.objects.filter(pk=condition.pk).update(time_limit_value=99)

    call_command("load_catalog", stdout=StringIO())

    condition.refresh_from_db()
    assert condition.time_limit_value == 99
