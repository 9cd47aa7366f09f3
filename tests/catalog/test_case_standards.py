import csv
import io
from pathlib import Path

import pytest

from cityloop.catalog.case_standards import COLUMNS, DEFAULT_PATH
from cityloop.catalog.loading import export_case_standards, load_case_standards
from cityloop.catalog.models import Category, FilingCondition, TimeLimitUnit
from cityloop.core.validation import ImportRejected
from cityloop.org.models import Department, DepartmentKind, DepartmentLevel

pytestmark = pytest.mark.django_db

GOOD = {
    "scheme": "gbt47678-2026",
    "kind": "event",
    "code": "06010",
    "description": "公共区域有暴露垃圾",
    "time_limit_value": "4",
    "time_limit_unit": "work_hours",
    "closing_condition": "彻底清理",
    "is_urgent": "0",
    "default_department_code": "",
}


def csv_text(*rows: dict[str, str]) -> io.StringIO:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writeheader()
    writer.writerows(rows)
    buffer.seek(0)
    return buffer


def make_department(code: str = "D01", **fields) -> Department:
    values = {"name": f"部门{code}", "level": DepartmentLevel.DISTRICT, "kind": DepartmentKind.PROFESSIONAL}
    return Department.objects.create(code=code, **{**values, **fields})


def seed_rows() -> list[dict[str, str]]:
    with DEFAULT_PATH.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_seed__has_the_promised_standards(gbt_scheme):
    rows = seed_rows()
    by_name: dict[str, list[dict[str, str]]] = {}
    for row in rows:
        category = Category.objects.get(scheme=gbt_scheme, kind=row["kind"], code=row["code"])
        by_name.setdefault(category.name, []).append(row)

    assert len(rows) >= 40
    assert [
        (r["time_limit_value"], r["time_limit_unit"], r["closing_condition"]) for r in by_name["暴露垃圾"]
    ] == [("4", "work_hours", "彻底清理")]
    assert [(r["time_limit_value"], r["time_limit_unit"]) for r in by_name["私搭乱建"]] == [
        ("4", "work_hours"),
        ("20", "work_days"),
    ]
    manhole = by_name["供水井盖异常"]
    assert [(r["time_limit_value"], r["time_limit_unit"], r["is_urgent"]) for r in manhole] == [
        ("6", "natural_hours", "1"),
        ("36", "natural_hours", "1"),
    ]


def test_load_case_standards__seed_loads_every_row(gbt_scheme):
    summary = load_case_standards()

    assert FilingCondition.objects.count() == len(seed_rows()) == summary.created["filing_conditions"]
    private_building = FilingCondition.objects.filter(category__code="06001", category__kind="event")
    assert list(private_building.values_list("closing_condition", "sort_order")) == [
        ("已停工", 1),
        ("已拆除，恢复原状", 2),
    ]


def test_load_case_standards__reload_is_idempotent(gbt_scheme):
    load_case_standards()

    summary = load_case_standards()

    assert FilingCondition.objects.count() == len(seed_rows())
    assert summary.created["filing_conditions"] == summary.updated["filing_conditions"] == 0


def test_load_case_standards__updates_the_row_with_same_category_and_description(gbt_scheme):
    department = make_department("D01")
    load_case_standards(csv_text(GOOD))

    summary = load_case_standards(
        csv_text({**GOOD, "time_limit_value": "2", "is_urgent": "是", "default_department_code": "D01"})
    )

    condition = FilingCondition.objects.get()
    assert (condition.time_limit_value, condition.is_urgent, condition.default_department) == (
        2,
        True,
        department,
    )
    assert summary.updated["filing_conditions"] == 1


def test_load_case_standards__empty_department_code_keeps_the_department_set(gbt_scheme):
    make_department("D01")
    load_case_standards(csv_text({**GOOD, "default_department_code": "D01"}))

    load_case_standards(csv_text(GOOD))

    department = FilingCondition.objects.get().default_department
    assert department is not None
    assert department.code == "D01"


def test_load_case_standards__department_lookup_is_used(gbt_scheme):
    department = make_department("REAL")

    load_case_standards(
        csv_text({**GOOD, "default_department_code": "alias"}), department_lookup={"alias": department}
    )

    assert FilingCondition.objects.get().default_department == department


def test_load_case_standards__update_existing_false_leaves_rows_alone(gbt_scheme):
    load_case_standards(csv_text(GOOD))

    load_case_standards(csv_text({**GOOD, "time_limit_value": "9"}), update_existing=False)

    assert FilingCondition.objects.get().time_limit_value == 4


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"code": "06999"}, "category_unknown"),
        ({"kind": "component", "code": "06010"}, "category_unknown"),
        ({"scheme": "nope"}, "unknown_scheme"),
        ({"kind": "thing"}, "kind_invalid"),
        ({"time_limit_unit": "fortnights"}, "time_limit_unit_invalid"),
        ({"time_limit_value": "0"}, "time_limit_invalid"),
        ({"time_limit_value": "-3"}, "time_limit_invalid"),
        ({"time_limit_value": "四"}, "time_limit_invalid"),
        ({"default_department_code": "NOPE"}, "department_unknown"),
        ({"description": ""}, "description_required"),
        ({"closing_condition": ""}, "closing_condition_required"),
        ({"description": "长" * 301}, "description_too_long"),
        ({"is_urgent": "maybe"}, "is_urgent_invalid"),
    ],
)
def test_load_case_standards__rejects_bad_row_and_writes_nothing(gbt_scheme, change, code):
    with pytest.raises(ImportRejected) as raised:
        load_case_standards(csv_text({**GOOD, "code": "06001"}, {**GOOD, **change}))

    assert raised.value.report.codes() == {code}
    assert raised.value.report.issues[0].where == "第3行"
    assert not FilingCondition.objects.exists()


def test_load_case_standards__rejects_duplicate_rows(gbt_scheme):
    with pytest.raises(ImportRejected) as raised:
        load_case_standards(csv_text(GOOD, GOOD))

    assert raised.value.report.codes() == {"row_duplicate"}


def test_load_case_standards__rejects_missing_columns(gbt_scheme):
    with pytest.raises(ImportRejected) as raised:
        load_case_standards(io.StringIO("scheme,kind,code\ngbt47678-2026,event,06010\n"))

    assert raised.value.report.codes() == {"header_invalid"}


def test_load_case_standards__reports_every_problem_at_once(gbt_scheme):
    with pytest.raises(ImportRejected) as raised:
        load_case_standards(csv_text({**GOOD, "code": "06999"}, {**GOOD, "time_limit_unit": "x"}))

    assert raised.value.report.codes() == {"category_unknown", "time_limit_unit_invalid"}


def test_load_case_standards__schemes_filter_skips_other_schemes(gbt_scheme):
    summary = load_case_standards(csv_text({**GOOD, "scheme": "legacy"}), schemes=["gbt47678-2026"])

    assert summary.skipped["filing_conditions"] == 1
    assert not FilingCondition.objects.exists()


def test_export_then_import__round_trip_restores_the_table(gbt_scheme, tmp_path: Path):
    make_department("D01")
    load_case_standards()
    first = FilingCondition.objects.order_by("id").first()
    assert first is not None
    FilingCondition.objects.filter(pk=first.pk).update(default_department=Department.objects.get(code="D01"))
    path = tmp_path / "standards.csv"
    exported = export_case_standards(path)
    snapshot = list(
        FilingCondition.objects.order_by("id").values_list(
            "category_id",
            "description",
            "time_limit_value",
            "time_limit_unit",
            "closing_condition",
            "is_urgent",
            "default_department_id",
            "sort_order",
        )
    )
    FilingCondition.objects.update(
        time_limit_value=1, time_limit_unit=TimeLimitUnit.NATURAL_MINUTES, is_urgent=False
    )

    summary = load_case_standards(path)

    assert path.read_bytes().startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    assert exported.splitlines()[0] == ",".join(COLUMNS)
    assert len(exported.splitlines()) == len(snapshot) + 1
    assert summary.created["filing_conditions"] == 0
    assert (
        list(
            FilingCondition.objects.order_by("id").values_list(
                "category_id",
                "description",
                "time_limit_value",
                "time_limit_unit",
                "closing_condition",
                "is_urgent",
                "default_department_id",
                "sort_order",
            )
        )
        == snapshot
    )


def test_export_case_standards__scheme_filter(gbt_scheme, legacy_scheme):
    load_case_standards()
    legacy_category = Category.objects.filter(scheme=legacy_scheme).first()
    assert legacy_category is not None
    FilingCondition.objects.create(
        category=legacy_category,
        description="旧标准条件",
        time_limit_value=1,
        time_limit_unit="work_days",
        closing_condition="处理完毕",
    )

    exported = export_case_standards(scheme="legacy")

    assert exported.count("\n") == 2
    assert "旧标准条件" in exported
