"""Case standards (立结案标准) as a CSV table: import with full validation, and export for Excel.

One row is one ``FilingCondition``: which category (scheme, kind, code), the filing condition, the
time limit (value + unit), the closing condition, whether it is urgent and the default department.
A row is identified by its category and description, so importing the same file twice changes
nothing and an exported file edited in Excel imports back onto the same rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _

from cityloop.catalog.models import Category, CategoryKind, FilingCondition, Scheme, TimeLimitUnit
from cityloop.catalog.schemes import DATA_DIR
from cityloop.catalog.summary import LoadSummary
from cityloop.core.validation import ImportRejected, ValidationReport
from cityloop.org.models import Department

COLUMNS = (
    "scheme",
    "kind",
    "code",
    "description",
    "time_limit_value",
    "time_limit_unit",
    "closing_condition",
    "is_urgent",
    "default_department_code",
)
DEFAULT_PATH = DATA_DIR / "case_standards.csv"
TEXT_LIMIT = 300  # FilingCondition.description / closing_condition max_length
_TRUE = {"1", "true", "yes", "y", "是"}
_FALSE = {"", "0", "false", "no", "n", "否"}

Source = str | Path | IO[str]


@dataclass
class _Row:
    line: int
    category: Category
    description: str
    time_limit_value: int
    time_limit_unit: str
    closing_condition: str
    is_urgent: bool
    department: Department | None


def load_case_standards(
    path: Source | None = None,
    *,
    department_lookup: Mapping[str, Department] | None = None,
    update_existing: bool = True,
    schemes: Iterable[str] | None = None,
) -> LoadSummary:
    """Import case standards from ``path`` (default: the shipped seed) after validating every row.

    ``department_lookup`` maps department codes to departments (default: look them up by
    ``Department.code``). Existing rows (same category and description) are updated unless
    ``update_existing`` is false; an empty department code never clears a department already set.
    ``schemes`` limits the import to rows of those scheme keys. Any problem raises
    ``ImportRejected`` with the whole report, and nothing is written.
    """
    raw_rows, report = _read(path)
    wanted = set(schemes) if schemes is not None else None
    summary = LoadSummary()
    selected = []
    for line, raw in raw_rows:
        if wanted is not None and raw["scheme"] not in wanted:
            summary.skipped["filing_conditions"] += 1
        else:
            selected.append((line, raw))
    rows = _validate(selected, report, department_lookup) if report.ok else []
    if not report.ok:
        raise ImportRejected(report, _("立结案标准"))
    with transaction.atomic():
        _write(rows, update_existing, summary)
    return summary


def export_case_standards(path: str | Path | None = None, *, scheme: str | None = None) -> str:
    """The case standards as CSV text in the import shape; also written to ``path`` (UTF-8 with BOM).

    ``scheme`` limits the export to one scheme key. The BOM lets Excel open the file as UTF-8.
    """
    conditions = FilingCondition.objects.select_related("category__scheme", "default_department").order_by(
        "category__scheme__code", "category__kind", "category__code", "sort_order", "id"
    )
    if scheme is not None:
        conditions = conditions.filter(category__scheme__code=scheme)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for condition in conditions:
        category = condition.category
        department = condition.default_department
        writer.writerow(
            [
                category.scheme.code,
                category.kind,
                category.code,
                condition.description,
                condition.time_limit_value,
                condition.time_limit_unit,
                condition.closing_condition,
                "1" if condition.is_urgent else "0",
                department.code if department else "",
            ]
        )
    text = buffer.getvalue()
    if path is not None:
        Path(path).write_text(text, encoding="utf-8-sig", newline="")
    return text


def _read(path: Source | None) -> tuple[list[tuple[int, dict[str, str]]], ValidationReport]:
    report = ValidationReport()
    if path is None or isinstance(path, str | Path):
        with Path(path or DEFAULT_PATH).open(encoding="utf-8-sig", newline="") as handle:
            text = handle.read()
    else:
        text = path.read().removeprefix("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in COLUMNS if name not in header]
    if missing:
        report.add(
            _("表头"), "", "header_invalid", _("缺少列：%(columns)s") % {"columns": "、".join(missing)}
        )
        return [], report
    reader.fieldnames = header
    rows = [
        (line, {name: (raw.get(name) or "").strip() for name in COLUMNS})
        for line, raw in enumerate(reader, start=2)
        if any((value or "").strip() for value in raw.values() if isinstance(value, str))
    ]
    return rows, report


def _validate(
    raw_rows: list[tuple[int, dict[str, str]]],
    report: ValidationReport,
    department_lookup: Mapping[str, Department] | None,
) -> list[_Row]:
    scheme_keys = {raw["scheme"] for _line, raw in raw_rows}
    known_schemes = set(Scheme.objects.filter(code__in=scheme_keys).values_list("code", flat=True))
    categories = {
        (category.scheme.code, category.kind, category.code): category
        for category in Category.objects.filter(
            scheme__code__in=known_schemes, code__in={raw["code"] for _line, raw in raw_rows}
        ).select_related("scheme")
    }
    if department_lookup is None:
        codes = {raw["default_department_code"] for _line, raw in raw_rows} - {""}
        department_lookup = {
            department.code: department for department in Department.objects.filter(code__in=codes)
        }
    rows: list[_Row] = []
    seen: dict[tuple[int, str], int] = {}
    for line, raw in raw_rows:
        where = _("第%(line)d行") % {"line": line}
        problems_before = len(report)
        category = _check_category(raw, where, known_schemes, categories, report)
        description = _check_text(raw, "description", _("立案条件"), where, report)
        closing = _check_text(raw, "closing_condition", _("结案条件"), where, report)
        value = _check_time_limit(raw, where, report)
        unit = raw["time_limit_unit"]
        if unit not in TimeLimitUnit.values:
            report.add(
                where,
                "time_limit_unit",
                "time_limit_unit_invalid",
                _("时限单位「%(unit)s」无效，应为：%(units)s")
                % {"unit": unit, "units": "、".join(TimeLimitUnit.values)},
            )
        is_urgent = raw["is_urgent"].lower()
        if is_urgent not in _TRUE | _FALSE:
            report.add(where, "is_urgent", "is_urgent_invalid", _("「紧急」应为 1/0、是/否"))
        department_code = raw["default_department_code"]
        department = department_lookup.get(department_code) if department_code else None
        if department_code and department is None:
            report.add(
                where,
                "default_department_code",
                "department_unknown",
                _("部门编码「%(code)s」不存在") % {"code": department_code},
            )
        if category is not None and description:
            first = seen.setdefault((category.pk, description), line)
            if first != line:
                report.add(
                    where,
                    "description",
                    "row_duplicate",
                    _("与第%(line)d行的小类和立案条件相同") % {"line": first},
                )
        if len(report) == problems_before and category is not None and value is not None:
            rows.append(
                _Row(line, category, description, value, unit, closing, is_urgent in _TRUE, department)
            )
    return rows


def _check_category(
    raw: dict[str, str],
    where: str,
    known_schemes: set[str],
    categories: dict[tuple[str, str, str], Category],
    report: ValidationReport,
) -> Category | None:
    if raw["scheme"] not in known_schemes:
        report.add(where, "scheme", "unknown_scheme", _("分类方案「%(key)s」不存在") % {"key": raw["scheme"]})
        return None
    if raw["kind"] not in CategoryKind.values:
        report.add(
            where,
            "kind",
            "kind_invalid",
            _("类型「%(kind)s」无效，应为 component 或 event") % {"kind": raw["kind"]},
        )
        return None
    category = categories.get((raw["scheme"], raw["kind"], raw["code"]))
    if category is None:
        report.add(
            where,
            "code",
            "category_unknown",
            _("方案 %(scheme)s 中没有 %(kind)s 小类 %(code)s") % raw,
        )
    return category


def _check_text(raw: dict[str, str], name: str, label: str, where: str, report: ValidationReport) -> str:
    value = raw[name]
    if not value:
        report.add(where, name, f"{name}_required", _("%(label)s不能为空") % {"label": label})
    elif len(value) > TEXT_LIMIT:
        report.add(
            where,
            name,
            f"{name}_too_long",
            _("%(label)s不能超过 %(limit)d 个字") % {"label": label, "limit": TEXT_LIMIT},
        )
    return value


def _check_time_limit(raw: dict[str, str], where: str, report: ValidationReport) -> int | None:
    text = raw["time_limit_value"]
    try:
        value = int(text)
    except ValueError:
        report.add(
            where,
            "time_limit_value",
            "time_limit_invalid",
            _("处置时限「%(value)s」不是整数") % {"value": text},
        )
        return None
    if value <= 0:
        report.add(where, "time_limit_value", "time_limit_invalid", _("处置时限必须大于 0"))
        return None
    return value


def _write(rows: list[_Row], update_existing: bool, summary: LoadSummary) -> None:
    existing = {
        (condition.category_id, condition.description): condition
        for condition in FilingCondition.objects.filter(category__in={row.category.pk for row in rows})
    }
    positions: dict[int, int] = {}
    for row in rows:
        sort_order = positions[row.category.pk] = positions.get(row.category.pk, 0) + 1
        wanted: dict[str, object] = {
            "time_limit_value": row.time_limit_value,
            "time_limit_unit": row.time_limit_unit,
            "closing_condition": row.closing_condition,
            "is_urgent": row.is_urgent,
            "sort_order": sort_order,
        }
        if row.department is not None:
            wanted["default_department_id"] = row.department.pk
        condition = existing.get((row.category.pk, row.description))
        if condition is None:
            FilingCondition.objects.create(category=row.category, description=row.description, **wanted)
            summary.created["filing_conditions"] += 1
            continue
        changed = [name for name, value in wanted.items() if getattr(condition, name) != value]
        if not changed or not update_existing:
            summary.unchanged["filing_conditions"] += 1
            continue
        for name in changed:
            setattr(condition, name, wanted[name])
        condition.save(update_fields=changed)
        summary.updated["filing_conditions"] += 1
