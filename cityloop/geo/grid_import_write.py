"""The writing half of the grid import: runs only after a clean report, inside its transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from django.db.models import Max
from django.utils import timezone
from shapely.geometry import mapping, shape

from cityloop.geo.grids import bump_grid_index_revision, new_grid_version, same_geometry
from cityloop.geo.models import AreaClass, Grid, GridVersion, Region, RegionLevel

if TYPE_CHECKING:
    from cityloop.geo.grid_import import ImportSummary, ParsedFeature, ParsedImport

_REGION_LEVELS = (RegionLevel.DISTRICT, RegionLevel.STREET, RegionLevel.COMMUNITY)
_BATCH = 500


def _parent_code(feature: ParsedFeature) -> str | None:
    if feature.level == RegionLevel.DISTRICT:
        return feature.code[:4] + "00"  # its city, linked when stored
    return feature.parent_code


def _write_regions(parsed: ParsedImport, summary: ImportSummary) -> dict[str, int]:
    ids = {code: region.pk for code, region in parsed.stored_regions.items()}
    for level in _REGION_LEVELS:
        new: list[Region] = []
        for feature in parsed.features[level]:
            parent_code = _parent_code(feature)
            parent_id = ids.get(parent_code) if parent_code else None
            if level == RegionLevel.DISTRICT and parent_id is not None:
                city = parsed.stored_regions.get(parent_code or "")
                parent_id = city.pk if city is not None and city.level == RegionLevel.CITY else None
            boundary = mapping(feature.geometry) if feature.geometry is not None else None
            stored = parsed.stored_regions.get(feature.code)
            if stored is None:
                new.append(
                    Region(
                        code=feature.code,
                        name=feature.name,
                        level=level,
                        parent_id=parent_id,
                        boundary=boundary,
                    )
                )
                summary.add(level, "created")
                continue
            redrawn = boundary is not None and (
                stored.boundary is None or not same_geometry(shape(stored.boundary), feature.geometry)
            )
            changed = stored.name != feature.name or (parent_id is not None and stored.parent_id != parent_id)
            if redrawn:
                stored.boundary = boundary
            if changed:
                stored.name = feature.name
                stored.parent_id = parent_id if parent_id is not None else stored.parent_id
            if redrawn or changed:
                stored.save(update_fields=["name", "parent", "boundary"])
            summary.add(level, "redrawn" if redrawn else "updated" if changed else "unchanged")
        Region.objects.bulk_create(new, batch_size=_BATCH)
        ids.update((region.code, region.pk) for region in new)
    return ids


def _last_numbers(grid_ids: list[int]) -> dict[int, int]:
    numbers: dict[int, int] = {}
    for start in range(0, len(grid_ids), _BATCH):
        rows = (
            GridVersion.objects.filter(grid_id__in=grid_ids[start : start + _BATCH])
            .values("grid_id")
            .annotate(last=Max("number"))
            .values_list("grid_id", "last")
        )
        numbers.update(rows)
    return numbers


def write_import(parsed: ParsedImport, summary: ImportSummary) -> ImportSummary:
    """Create or update regions, create new grids, redraw changed ones, then bump the index once."""
    region_ids = _write_regions(parsed, summary)
    now = timezone.now()
    new_grids: list[tuple[Grid, ParsedFeature]] = []
    changed_grids: list[Grid] = []
    redraws: list[tuple[Grid, ParsedFeature]] = []
    for feature in parsed.features["grid"]:
        community_id = region_ids[feature.parent_code or ""]
        grid = parsed.stored_grids.get(feature.code)
        if grid is None:
            grid = Grid(
                code=feature.code,
                name=feature.name,
                community_id=community_id,
                area_class=feature.area_class or AreaClass.CLASS_2,
            )
            new_grids.append((grid, feature))
            summary.add("grid", "created")
            continue
        changed = (
            grid.name != feature.name
            or grid.community_id != community_id
            or not grid.is_active
            or (feature.area_class is not None and grid.area_class != feature.area_class)
        )
        if changed:
            grid.name, grid.community_id, grid.is_active = feature.name, community_id, True
            grid.area_class = feature.area_class or grid.area_class
            changed_grids.append(grid)
        current = parsed.stored_current.get(feature.code)
        if current is None or not same_geometry(shape(current.geometry), feature.geometry):
            redraws.append((grid, feature))
            summary.add("grid", "redrawn")
        else:
            summary.add("grid", "updated" if changed else "unchanged")
    Grid.objects.bulk_create([grid for grid, _ in new_grids], batch_size=_BATCH)
    Grid.objects.bulk_update(
        changed_grids, ["name", "community", "is_active", "area_class"], batch_size=_BATCH
    )
    versions = [new_grid_version(grid, f.geometry, 1, now, "导入") for grid, f in new_grids if f.geometry]
    last = _last_numbers([grid.pk for grid, _ in redraws])
    closed = []
    for grid, feature in redraws:
        current = parsed.stored_current.get(feature.code)
        valid_from = now
        if current is not None:
            # valid_to must be after valid_from even when the clock is coarse.
            valid_from = max(now, current.valid_from + timedelta(microseconds=1))
            current.valid_to = valid_from
            closed.append(current)
        if feature.geometry is not None:
            versions.append(
                new_grid_version(grid, feature.geometry, last.get(grid.pk, 0) + 1, valid_from, "导入重绘")
            )
    GridVersion.objects.bulk_update(closed, ["valid_to"], batch_size=_BATCH)
    GridVersion.objects.bulk_create(versions, batch_size=_BATCH)
    bump_grid_index_revision()
    return summary
