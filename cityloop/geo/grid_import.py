"""Import of regions and unit grids from a GeoJSON FeatureCollection (WGS84 lon/lat).

Each feature's properties give ``level`` (district, street, community or grid), ``code`` and
``name``; grids may add ``area_class`` ("1"…"4" or 一类…四类) and ``community_code`` (default: the
first 12 digits of a legacy code; required for 15-character codes). Region geometries may be null
(boundary unknown); grid geometries are required. Parents are found among the file's features or the
stored regions. Features are numbered from 1 in the report ("要素#3 (…)").

Everything is validated first; the writer (``grid_import_write``) runs only on a clean report, in
the same transaction, so nothing is ever half-imported.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected, ValidationReport
from cityloop.geo.codes import is_legacy_grid_code, parent_code_of, validate_grid_code, validate_region_code
from cityloop.geo.grid_checks import (
    CommunityShape,
    GridShape,
    check_coverage,
    check_inside_parents,
    check_overlaps,
)
from cityloop.geo.grid_import_write import write_import
from cityloop.geo.grids import parse_polygonal
from cityloop.geo.models import Grid, GridVersion, Region, RegionLevel

GRID = "grid"
LEVELS = (RegionLevel.DISTRICT.value, RegionLevel.STREET.value, RegionLevel.COMMUNITY.value, GRID)
LEVEL_NAMES = {"district": "区/县", "street": "街道/乡镇", "community": "社区", GRID: "单元网格"}
PARENT_LEVEL = {"street": "district", "community": "street", GRID: "community"}
NAME_MAX_LENGTH = 64
AREA_CLASS_ALIASES = {
    "1": "1",
    "2": "2",
    "3": "3",
    "4": "4",
    "一类": "1",
    "二类": "2",
    "三类": "3",
    "四类": "4",
}
FILE = "文件"
_CHUNK = 500  # codes per IN (...) query, well under SQLite's parameter limit


@dataclass
class ParsedFeature:
    """One feature that passed the per-feature checks."""

    index: int
    level: str
    code: str
    name: str
    geometry: BaseGeometry | None
    parent_code: str | None = None
    area_class: str | None = None

    @property
    def where(self) -> str:
        return f"要素#{self.index} ({self.code})"


@dataclass
class ParsedImport:
    """The file's features by level, and the stored rows they refer to (read in the same transaction)."""

    features: dict[str, list[ParsedFeature]] = field(default_factory=lambda: {level: [] for level in LEVELS})
    stored_regions: dict[str, Region] = field(default_factory=dict)
    stored_grids: dict[str, Grid] = field(default_factory=dict)
    stored_current: dict[str, GridVersion] = field(default_factory=dict)


@dataclass
class ImportSummary:
    """How many features of each level were created, redrawn, updated (attributes only) or unchanged."""

    counts: dict[str, dict[str, int]] = field(
        default_factory=lambda: {
            level: {"created": 0, "redrawn": 0, "updated": 0, "unchanged": 0} for level in LEVELS
        }
    )

    def add(self, level: str, outcome: str) -> None:
        self.counts[level][outcome] += 1

    def as_text(self) -> str:
        return "\n".join(
            f"{LEVEL_NAMES[level]}：新建 {c['created']}，重绘 {c['redrawn']}，更新 {c['updated']}，未变 {c['unchanged']}"
            for level, c in self.counts.items()
        )


def _chunks(items: list[str]) -> list[list[str]]:
    return [items[i : i + _CHUNK] for i in range(0, len(items), _CHUNK)]


def _load_features(data: Any, report: ValidationReport) -> list[Any] | None:
    if isinstance(data, bytes | str):
        try:
            data = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            report.add(FILE, "", "json_invalid", f"文件不是有效的 JSON（UTF-8）：{exc}")
            return None
    if not isinstance(data, dict) or data.get("type") != "FeatureCollection":
        report.add(FILE, "type", "not_feature_collection", "文件须为 GeoJSON FeatureCollection。")
        return None
    features = data.get("features")
    if not isinstance(features, list):
        report.add(FILE, "features", "not_feature_collection", "FeatureCollection 缺少 features 数组。")
        return None
    return features


def _parse_feature(index: int, feature: Any, report: ValidationReport) -> ParsedFeature | None:
    if not isinstance(feature, dict) or feature.get("type") != "Feature":
        report.add(f"要素#{index}", "type", "feature_invalid", "不是 GeoJSON Feature 对象。")
        return None
    properties = feature.get("properties") or {}
    if not isinstance(properties, dict):
        report.add(f"要素#{index}", "properties", "feature_invalid", "properties 须为对象。")
        return None
    raw_code = str(properties.get("code") or "").strip()
    where = f"要素#{index} ({raw_code})" if raw_code else f"要素#{index}"
    level = str(properties.get("level") or "").strip()
    if not level:
        report.add(where, "level", "level_missing", "缺少层级 level（district/street/community/grid）。")
        return None
    if level not in LEVELS:
        report.add(
            where, "level", "level_unknown", f"未知的层级“{level}”，应为 district/street/community/grid。"
        )
        return None
    parsed = ParsedFeature(index, level, raw_code, str(properties.get("name") or "").strip(), None)
    ok = True
    try:
        parsed.code = validate_grid_code(raw_code) if level == GRID else validate_region_code(raw_code, level)
    except DomainError as error:
        report.add(where, "code", error.code, error.message)
        ok = False
    if level != GRID and not parsed.name:
        report.add(where, "name", "name_missing", f"{LEVEL_NAMES[level]}缺少名称 name。")
        ok = False
    if len(parsed.name) > NAME_MAX_LENGTH:
        report.add(where, "name", "name_too_long", f"名称超过 {NAME_MAX_LENGTH} 个字。")
        ok = False
    geojson = feature.get("geometry")
    if geojson is not None or level == GRID:
        try:
            parsed.geometry = parse_polygonal(geojson)
        except DomainError as error:
            report.add(where, "geometry", error.code, error.message)
            ok = False
    if level == GRID:
        ok = _parse_grid_properties(parsed, properties, where, report) and ok
    elif level != "district" and ok:
        parsed.parent_code = parent_code_of(parsed.code)
    return parsed if ok else None


def _parse_grid_properties(
    parsed: ParsedFeature, properties: dict, where: str, report: ValidationReport
) -> bool:
    ok = True
    raw_class = properties.get("area_class")
    if raw_class not in (None, ""):
        parsed.area_class = AREA_CLASS_ALIASES.get(str(raw_class).strip())
        if parsed.area_class is None:
            report.add(
                where, "area_class", "area_class_invalid", f"区域类别“{raw_class}”应为 1–4 或 一类–四类。"
            )
            ok = False
    raw_community = str(properties.get("community_code") or "").strip()
    legacy_parent = parent_code_of(parsed.code) if is_legacy_grid_code(parsed.code) else None
    if raw_community:
        try:
            parsed.parent_code = validate_region_code(raw_community, RegionLevel.COMMUNITY)
        except DomainError as error:
            report.add(where, "community_code", error.code, error.message)
            return False
        if legacy_parent and legacy_parent != parsed.parent_code:
            report.add(
                where,
                "community_code",
                "parent_code_mismatch",
                f"community_code“{raw_community}”与网格编码前 12 位“{legacy_parent}”不一致。",
            )
            ok = False
    elif legacy_parent:
        parsed.parent_code = legacy_parent
    elif ok and parsed.code:
        report.add(
            where, "community_code", "parent_missing", "15 位网格编码须在 community_code 中给出所属社区代码。"
        )
        ok = False
    return ok


def _load_stored(parsed: ParsedImport) -> None:
    region_codes = {f.code for level in LEVELS[:3] for f in parsed.features[level]}
    region_codes |= {f.parent_code for level in LEVELS for f in parsed.features[level] if f.parent_code}
    region_codes |= {f.code[:4] + "00" for f in parsed.features["district"]}  # the city, when stored
    for chunk in _chunks(sorted(region_codes)):
        parsed.stored_regions.update((r.code, r) for r in Region.objects.filter(code__in=chunk))
    grid_codes = sorted(f.code for f in parsed.features[GRID])
    for chunk in _chunks(grid_codes):
        parsed.stored_grids.update((g.code, g) for g in Grid.objects.filter(code__in=chunk))
        current = GridVersion.objects.filter(grid__code__in=chunk, valid_to__isnull=True).select_related(
            "grid"
        )
        parsed.stored_current.update((v.grid.code, v) for v in current)


def _check_parents(parsed: ParsedImport, report: ValidationReport) -> None:
    in_file = {(f.level, f.code) for level in LEVELS[:3] for f in parsed.features[level]}
    for level in LEVELS:
        for feature in parsed.features[level]:
            stored = parsed.stored_regions.get(feature.code) if level != GRID else None
            if stored is not None and stored.level != level:
                report.add(
                    feature.where,
                    "level",
                    "region_level_conflict",
                    f"代码 {feature.code} 已作为“{stored.get_level_display()}”存在，不能再作为“{LEVEL_NAMES[level]}”导入。",
                )
            parent_level = PARENT_LEVEL.get(level)
            if parent_level is None or feature.parent_code is None:
                continue
            parent = parsed.stored_regions.get(feature.parent_code)
            if (parent_level, feature.parent_code) not in in_file and (
                parent is None or parent.level != parent_level
            ):
                report.add(
                    feature.where,
                    "community_code" if level == GRID else "code",
                    "parent_missing",
                    f"找不到上级{LEVEL_NAMES[parent_level]} {feature.parent_code}：文件和系统中都没有。",
                )


def _check_duplicates(features: list[ParsedFeature], report: ValidationReport) -> list[ParsedFeature]:
    first_seen: dict[tuple[bool, str], ParsedFeature] = {}
    unique = []
    for feature in features:
        key = (feature.level == GRID, feature.code)
        if key in first_seen:
            report.add(
                feature.where,
                "code",
                "code_duplicate",
                f"编码 {feature.code} 在文件中重复（已见于要素#{first_seen[key].index}）。",
            )
            continue
        first_seen[key] = feature
        unique.append(feature)
    return unique


def _spatial_checks(parsed: ParsedImport, report: ValidationReport) -> None:
    file_grids = parsed.features[GRID]
    file_codes = {f.code for f in file_grids}
    shapes = [GridShape(f.code, f.parent_code or "", f.geometry, f.where) for f in file_grids if f.geometry]
    if not shapes:
        return
    boundaries: dict[str, BaseGeometry] = {}
    communities: dict[str, CommunityShape] = {}
    for code in sorted({s.community_code for s in shapes}):
        region = parsed.stored_regions.get(code)
        boundary = shape(region.boundary) if region is not None and region.boundary else None
        communities[code] = CommunityShape(code, boundary, f"社区 {code}")
    for feature in parsed.features["community"]:
        communities[feature.code] = CommunityShape(feature.code, feature.geometry, feature.where)
    for community in communities.values():
        if community.boundary is not None:
            boundaries[community.code] = community.boundary
    shapes.extend(_stored_neighbours(shapes, communities, file_codes))
    check_overlaps(shapes, report)
    check_coverage(list(communities.values()), shapes, report)
    check_inside_parents(shapes, boundaries, report)


def _stored_neighbours(
    shapes: list[GridShape], communities: dict[str, CommunityShape], skip: set[str]
) -> list[GridShape]:
    """Current stored grids that the file does not redraw: near the file's grids or in its communities."""
    min_lon = min(s.geometry.bounds[0] for s in shapes)
    min_lat = min(s.geometry.bounds[1] for s in shapes)
    max_lon = max(s.geometry.bounds[2] for s in shapes)
    max_lat = max(s.geometry.bounds[3] for s in shapes)
    current = GridVersion.objects.filter(valid_to__isnull=True, grid__is_active=True).values_list(
        "grid__code", "grid__community__code", "geometry"
    )
    rows = list(
        current.filter(min_lon__lte=max_lon, max_lon__gte=min_lon, min_lat__lte=max_lat, max_lat__gte=min_lat)
    )
    for chunk in _chunks(sorted(communities)):
        rows.extend(current.filter(grid__community__code__in=chunk))
    seen = set(skip)
    result = []
    for code, community_code, geometry in rows:
        if code not in seen:
            seen.add(code)
            result.append(GridShape(code, community_code, shape(geometry), None))
    return result


def validate_grid_geojson(data: Any) -> tuple[ValidationReport, ParsedImport]:
    """Check a GeoJSON import completely; the report lists every problem with the feature that has it.

    ``data`` is the parsed JSON, or its text/bytes. Reads the database (parents, stored grids) but
    never writes.
    """
    report = ValidationReport()
    parsed = ParsedImport()
    features = _load_features(data, report)
    if features is None:
        return report, parsed
    candidates = [f for i, raw in enumerate(features, 1) if (f := _parse_feature(i, raw, report)) is not None]
    for feature in _check_duplicates(candidates, report):
        parsed.features[feature.level].append(feature)
    if not features:
        report.add(FILE, "features", "features_empty", "文件中没有任何要素。")
    _load_stored(parsed)
    _check_parents(parsed, report)
    _spatial_checks(parsed, report)
    return report, parsed


def do_import_grids(data: Any) -> ImportSummary:
    """Validate and, only if the report is clean, write regions and grids in one transaction.

    A stored grid given a different geometry is redrawn (new version, the old one closed); the same
    geometry leaves it unchanged. Raises ``ImportRejected`` with the full report otherwise.
    """
    with transaction.atomic():
        report, parsed = validate_grid_geojson(data)
        if not report.ok:
            raise ImportRejected(report, "网格")
        return write_import(parsed, ImportSummary())
