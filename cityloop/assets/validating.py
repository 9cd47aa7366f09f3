"""Checking component rows: every problem of every row goes into one ``ValidationReport``.

Everything the rows refer to (categories, departments, districts, stored identifiers, grids) is
looked up once, before the rows are checked, so the cost in queries does not grow with the file.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from cityloop.assets.columns import COLUMN_BY_KEY, DATE_KEYS, DEPARTMENT_KEYS, STATE_BY_TEXT, TEXT_KEYS, label
from cityloop.assets.identifiers import (
    ComponentIdentifier,
    check_identifier_category,
    check_identifier_district,
    parse_component_identifier,
)
from cityloop.assets.models import Component, ComponentState
from cityloop.assets.reading import SourceRow, SourceTable
from cityloop.catalog.models import Category, CategoryKind, Scheme
from cityloop.core.errors import DomainError
from cityloop.core.validation import Issue, ValidationReport
from cityloop.geo.coords import CoordinateSystem, to_wgs84
from cityloop.geo.geocoding import get_grid_index
from cityloop.geo.models import Region, RegionLevel
from cityloop.org.models import Department

EXISTING_CHUNK = 900  # identifiers per "already stored?" query, below every backend's parameter limit
PROGRESS_EVERY = 1000
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Excel keeps 15 significant digits, so a longer identifier typed into a number cell is already lost.
EXACT_FLOAT_LIMIT = 10**15
POINT = "经度/纬度"
GEOMETRY = "几何"

Progress = Callable[[int, int], None]


@dataclass
class Lookups:
    """What rows may refer to, loaded once per import."""

    scheme: Scheme
    categories: dict[str, Category]
    other_kind_codes: set[str]
    department_by_code: dict[str, int]
    department_by_name: dict[str, int | None]  # None: several departments share the name
    district_codes: dict[int, str]


def resolve_scheme(scheme: Scheme | str | None) -> Scheme:
    if isinstance(scheme, Scheme):
        return scheme
    found = (
        Scheme.objects.filter(code=scheme).first()
        if scheme
        else Scheme.objects.filter(is_default=True).first()
    )
    if found is None:
        if scheme:
            raise DomainError("scheme_unknown", f"分类方案“{scheme}”不存在。")
        raise DomainError("scheme_missing", "尚未设置默认分类方案，请先导入分类标准或指定方案。")
    return found


def load_lookups(scheme: Scheme) -> Lookups:
    categories: dict[str, Category] = {}
    other_kind_codes: set[str] = set()
    for category in Category.objects.filter(scheme=scheme):
        if category.kind == CategoryKind.COMPONENT:
            category.scheme = scheme  # every identifier check reads the scheme; no query per row
            categories[category.code] = category
        else:
            other_kind_codes.add(category.code)
    by_code: dict[str, int] = {}
    by_name: dict[str, int | None] = {}
    for pk, code, name in Department.objects.values_list("pk", "code", "name"):
        by_code[code] = pk
        by_name[name] = None if name in by_name else pk
    districts = dict(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("pk", "code"))
    return Lookups(scheme, categories, other_kind_codes, by_code, by_name, districts)


def find_existing(identifiers: Iterable[str]) -> dict[str, int]:
    """Stored components among ``identifiers``: identifier → primary key, in chunked queries."""
    unique = sorted(set(identifiers))
    existing: dict[str, int] = {}
    for start in range(0, len(unique), EXISTING_CHUNK):
        chunk = unique[start : start + EXISTING_CHUNK]
        existing.update(Component.objects.filter(identifier__in=chunk).values_list("identifier", "pk"))
    return existing


def as_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < EXACT_FLOAT_LIMIT:
        return str(int(value))
    return str(value).strip() or None


@dataclass
class RowCheck:
    """One row on its way through the checks: its issues and the values understood so far."""

    source: SourceRow
    issues: list[Issue] = field(default_factory=list)
    identifier: str | None = None
    parsed: ComponentIdentifier | None = None
    category: Category | None = None
    fields: dict[str, Any] = field(default_factory=dict)
    point: tuple[float, float] | None = None

    def add(self, field_name: str, code: str, message: str) -> None:
        self.issues.append(Issue(self.source.where, field_name, code, message))


@dataclass
class CheckResult:
    report: ValidationReport
    components: list[Component]
    existing: dict[str, int]


class RowChecker:
    def __init__(self, lookups: Lookups, keys: set[str]):
        self.lookups = lookups
        self.keys = keys
        self.code_length = lookups.scheme.component_identifier_length - 12

    def check_values(self, row: RowCheck) -> None:
        values = row.source.values
        self._identifier(row, values.get("identifier"))
        self._category(row, values.get("category_code"))
        if row.parsed is not None and row.category is not None:
            try:
                check_identifier_category(row.parsed, row.category)
            except DomainError as error:
                row.add(label("identifier"), error.code, error.message)
        for key in TEXT_KEYS:
            if key in self.keys:
                self._text(row, key, values.get(key))
        for key in DEPARTMENT_KEYS:
            if key in self.keys:
                self._department(row, key, values.get(key))
        if "state" in self.keys:
            self._state(row, values.get("state"))
        for key in DATE_KEYS:
            if key in self.keys:
                self._date(row, key, values.get(key))
        self._point(row, values)

    def _identifier(self, row: RowCheck, value: Any) -> None:
        field_name = label("identifier")
        if isinstance(value, float) and abs(value) >= EXACT_FLOAT_LIMIT:
            row.add(
                field_name,
                "component_identifier_malformed",
                "部件标识码是数字格式的单元格，Excel 只保留 15 位有效数字，标识码已失真；请将该列设为文本后重新填写。",
            )
            return
        text = as_text(value)
        if text is None:
            row.add(field_name, "value_required", "部件标识码不能为空。")
            return
        row.identifier = text
        try:
            row.parsed = parse_component_identifier(text, self.lookups.scheme.component_identifier_length)
        except DomainError as error:
            row.add(field_name, error.code, error.message)

    def _category(self, row: RowCheck, value: Any) -> None:
        field_name = label("category_code")
        code = as_text(value)
        if code is None:
            row.add(field_name, "value_required", "小类代码不能为空。")
            return
        if code.isdigit() and len(code) < self.code_length:
            code = code.zfill(self.code_length)  # Excel drops leading zeros of number-looking cells
        row.category = self.lookups.categories.get(code)
        if row.category is None:
            scheme = self.lookups.scheme.name
            if code in self.lookups.other_kind_codes:
                message = f"小类代码 {code} 在分类方案“{scheme}”中是事件类，不是部件类。"
            else:
                message = f"分类方案“{scheme}”中没有部件小类 {code}。"
            row.add(field_name, "category_unknown", message)
        else:
            row.fields["category"] = row.category

    def _text(self, row: RowCheck, key: str, value: Any) -> None:
        text = as_text(value) or ""
        limit = COLUMN_BY_KEY[key].max_length
        if limit is not None and len(text) > limit:
            row.add(label(key), "value_too_long", f"{label(key)}最多 {limit} 个字，实际 {len(text)} 个字。")
        row.fields[key] = text

    def _department(self, row: RowCheck, key: str, value: Any) -> None:
        text = as_text(value)
        if text is None:
            row.fields[f"{key}_id"] = None
            return
        pk = self.lookups.department_by_code.get(text)
        if pk is None and text in self.lookups.department_by_name:
            pk = self.lookups.department_by_name[text]
            if pk is None:
                row.add(
                    label(key),
                    "department_ambiguous",
                    f"有多个部门名为“{text}”，请改用部门编码。",
                )
                return
        if pk is None:
            row.add(label(key), "department_unknown", f"没有编码或名称为“{text}”的部门。")
            return
        row.fields[f"{key}_id"] = pk

    def _state(self, row: RowCheck, value: Any) -> None:
        text = as_text(value)
        if text is None:
            row.fields["state"] = ComponentState.INTACT
            return
        state = STATE_BY_TEXT.get(text) or STATE_BY_TEXT.get(text.lower())
        if state is None:
            allowed = "、".join(str(choice_label) for _, choice_label in ComponentState.choices)
            row.add(label("state"), "state_invalid", f"状态“{text}”无效，应为：{allowed}。")
            return
        row.fields["state"] = state

    def _date(self, row: RowCheck, key: str, value: Any) -> None:
        if value is None:
            row.fields[key] = None
        elif isinstance(value, dt.datetime):
            row.fields[key] = value.date()
        elif isinstance(value, dt.date):
            row.fields[key] = value
        else:
            text = as_text(value) or ""
            try:
                if not DATE_PATTERN.match(text):
                    raise ValueError(text)
                row.fields[key] = dt.date.fromisoformat(text)
            except ValueError:
                row.add(
                    label(key), "date_invalid", f"{label(key)}“{text}”无效，应为 YYYY-MM-DD，如 2026-07-01。"
                )

    def _point(self, row: RowCheck, values: dict[str, Any]) -> None:
        if row.source.geometry_error is not None:
            row.add(GEOMETRY, "coordinates_invalid", row.source.geometry_error)
            return
        numbers: list[float] = []
        for key in ("lon", "lat"):
            value = values.get(key)
            if value is None:
                row.add(label(key), "value_required", f"{label(key)}不能为空。")
                continue
            try:
                number = float(value) if not isinstance(value, bool) else math.nan
            except (TypeError, ValueError):
                number = math.nan
            if not math.isfinite(number):
                row.add(label(key), "coordinates_invalid", f"{label(key)}“{value}”不是有效的数字。")
            else:
                numbers.append(number)
        if len(numbers) != 2:
            return
        system = (as_text(values.get("coord_system")) or CoordinateSystem.WGS84).lower()
        system = system.replace("-", "").replace("_", "").replace(" ", "")
        try:
            row.point = to_wgs84(numbers[0], numbers[1], system)
        except DomainError as error:
            field_name = label("coord_system") if error.code == "unknown_coordinate_system" else POINT
            row.add(field_name, error.code, error.message)

    def check_place(self, row: RowCheck, grid_id: int | None, district_id: int | None) -> None:
        if row.point is None:
            return
        if grid_id is None:
            lon, lat = row.point
            row.add(POINT, "point_outside_grids", f"坐标 ({lon:.6f}, {lat:.6f}) 不在任何在用的单元网格内。")
            return
        row.fields["grid_id"] = grid_id
        row.fields["lon"], row.fields["lat"] = row.point
        if row.parsed is not None:
            try:
                check_identifier_district(row.parsed, self.lookups.district_codes.get(district_id or 0))
            except DomainError as error:
                row.add(label("identifier"), error.code, error.message)


def check_rows(
    table: SourceTable, lookups: Lookups, *, upsert: bool, progress: Progress | None = None
) -> CheckResult:
    """Check every row; components are returned only when the report is clean."""
    checker = RowChecker(lookups, table.keys)
    rows = [RowCheck(source) for source in table.rows]
    total = len(rows)
    if progress:
        progress(0, total)
    for done, row in enumerate(rows, start=1):
        checker.check_values(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done, total)

    placed = [(row, row.point) for row in rows if row.point is not None]
    locations = get_grid_index().locate_many([point for _, point in placed]) if placed else []
    for (row, _), location in zip(placed, locations, strict=True):
        if location is None:
            checker.check_place(row, None, None)
        else:
            checker.check_place(row, location.grid_id, location.district_id)

    first_row: dict[str, str] = {}
    for row in rows:
        if row.identifier is None:
            continue
        if row.identifier in first_row:
            row.add(
                label("identifier"),
                "identifier_duplicate",
                f"部件标识码 {row.identifier} 与{first_row[row.identifier]}重复。",
            )
        else:
            first_row[row.identifier] = row.source.where
    existing = find_existing(first_row)
    if not upsert:
        for row in rows:
            if row.identifier in existing and first_row[row.identifier] == row.source.where:
                row.add(
                    label("identifier"),
                    "identifier_exists",
                    f"部件标识码 {row.identifier} 已存在；如需更新已有部件，请选择“更新已有部件”（upsert）方式导入。",
                )
    if progress:
        progress(total, total)

    report = ValidationReport()
    for row in rows:
        report.extend(row.issues)
    if not report.ok:
        return CheckResult(report, [], existing)
    components = [Component(identifier=row.identifier or "", **row.fields) for row in rows]
    return CheckResult(report, components, existing)
