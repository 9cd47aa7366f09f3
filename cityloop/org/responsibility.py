"""The responsibility matrix: which department handles a category of problem at a place.

The most specific matching line wins: the grid itself, then the grid's community, street, district
and city, then the category's catch-all line (no region, no grid). Lines whose department is
inactive are ignored, so the next less specific line answers instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from cityloop.geo.models import Grid, Region
from cityloop.org.models import Department, Responsibility

if TYPE_CHECKING:
    from cityloop.catalog.models import Category, FilingCondition

# Pass ``Grid.objects.select_related(GRID_ANCESTRY)`` grids to keep a lookup to one query.
GRID_ANCESTRY = "community__parent__parent__parent"


def grid_ancestor_region_ids(grid: Grid) -> list[int]:
    """Region ids above ``grid``, nearest first: community, street, district, city.

    Walks the cached ``community → parent`` chain; if the grid was not loaded with
    ``select_related(GRID_ANCESTRY)``, the chain is fetched in one query.
    """
    ids = _cached_ancestor_ids(grid)
    if ids is not None:
        return ids
    ids = []
    region: Region | None = Grid.objects.select_related(GRID_ANCESTRY).get(pk=grid.pk).community
    while region is not None:
        ids.append(region.pk)
        region = region.parent  # loads lazily only above the select_related depth
    return ids


def get_responsible_department(category: Category, grid: Grid | None) -> Department | None:
    """The active department the matrix names for ``category`` at ``grid``, or None.

    With ``grid`` None only the catch-all line applies.
    """
    ancestors = grid_ancestor_region_ids(grid) if grid is not None else []
    place = Q(region__isnull=True, grid__isnull=True)
    if grid is not None:
        place |= Q(grid=grid) | Q(region_id__in=ancestors)
    lines = Responsibility.objects.filter(
        place, category=category, department__is_active=True
    ).select_related("department")
    rank = {region_id: position for position, region_id in enumerate(ancestors, start=1)}
    catch_all = len(ancestors) + 1

    def specificity(line: Responsibility) -> int:
        if line.grid_id is not None:
            return 0
        return rank[line.region_id] if line.region_id is not None else catch_all

    best = min(lines, key=specificity, default=None)
    return best.department if best is not None else None


def suggest_department(
    category: Category, grid: Grid | None, filing_condition: FilingCondition | None = None
) -> Department | None:
    """The department to suggest when dispatching: the matrix first, then the filing condition's default.

    An inactive default department is never suggested.
    """
    department = get_responsible_department(category, grid)
    if department is not None or filing_condition is None or filing_condition.default_department_id is None:
        return department
    default = filing_condition.default_department
    return default if default is not None and default.is_active else None


def _cached_ancestor_ids(grid: Grid) -> list[int] | None:
    ids = [grid.community_id]
    if not Grid.community.is_cached(grid):
        return None
    region: Region = grid.community
    while region.parent_id is not None:
        ids.append(region.parent_id)
        if not Region.parent.is_cached(region):
            return None
        parent = region.parent
        assert parent is not None
        region = parent
    return ids
