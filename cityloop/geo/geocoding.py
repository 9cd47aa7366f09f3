"""Point → grid → community → street → district, answered in memory (DESIGN §5).

``GridIndex`` holds the current grid polygons in a shapely STR-tree. A point on a border shared by
several grids (edge, vertex, or the rim of a hole filled by another grid) belongs to the one with
the lowest grid code, so the answer is deterministic and never "none" inside the covered area.

Each process caches one index and rebuilds it when the ``GridIndexRevision`` row changed: the
database is the truth, so several processes and workers stay consistent.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely
from django.conf import settings
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from cityloop.core.errors import DomainError
from cityloop.geo.coords import CoordinateSystem, to_wgs84
from cityloop.geo.models import GridIndexRevision, GridVersion


@dataclass(frozen=True)
class Location:
    """Where a point is: its grid (and the grid's version in force) and the regions above it."""

    grid_id: int
    grid_code: str
    grid_version_id: int
    community_id: int
    street_id: int
    district_id: int


class GridIndex:
    """An immutable spatial index of grid polygons answering "which grid covers this point"."""

    def __init__(self, entries: Iterable[tuple[Location, BaseGeometry]]):
        # Sorted by code so that "lowest tree index" means "lowest grid code" on shared borders.
        ordered = sorted(entries, key=lambda entry: entry[0].grid_code)
        self._locations: list[Location] = [location for location, _ in ordered]
        geometries = np.array([geometry for _, geometry in ordered], dtype=object)
        self._tree = shapely.STRtree(geometries)

    def __len__(self) -> int:
        return len(self._locations)

    def locate(self, lon: float, lat: float) -> Location | None:
        """The grid covering WGS84 ``(lon, lat)`` (borders included), or ``None`` outside all grids."""
        hits = self._tree.query(shapely.points(lon, lat), predicate="covered_by")
        return self._locations[int(hits.min())] if len(hits) else None

    def locate_many(self, points: Sequence[tuple[float, float]] | np.ndarray) -> list[Location | None]:
        """``locate`` for many WGS84 ``(lon, lat)`` points at once, vectorised in GEOS."""
        coordinates = np.asarray(points, dtype=float).reshape(-1, 2)
        geometries = shapely.points(coordinates)
        point_index, tree_index = self._tree.query(geometries, predicate="covered_by")
        best = np.full(len(coordinates), len(self._locations), dtype=np.int64)
        np.minimum.at(best, point_index, tree_index)
        missing = len(self._locations)
        return [None if i == missing else self._locations[i] for i in best.tolist()]


def build_grid_index() -> GridIndex:
    """Build an index of the current versions of active grids and their regions, in one query."""
    rows = (
        # A community outside the region tree (no street or district) cannot give a full location;
        # the import never creates one, so such rows are hand-made data and are left out.
        GridVersion.objects.filter(
            valid_to__isnull=True, grid__is_active=True, grid__community__parent__parent__isnull=False
        )
        .order_by()
        .values_list(
            "id",
            "grid_id",
            "grid__code",
            "grid__community_id",
            "grid__community__parent_id",
            "grid__community__parent__parent_id",
            "geometry",
        )
    )
    entries = []
    for version_id, grid_id, code, community_id, street_id, district_id, geometry in rows:
        assert street_id is not None and district_id is not None  # guaranteed by the filter above
        location = Location(grid_id, code, version_id, community_id, street_id, district_id)
        entries.append((location, shape(geometry)))
    return GridIndex(entries)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: Any = None
        self.index: GridIndex | None = None
        self.checked_at = float("-inf")


_cache = _Cache()


def _revision_stamp() -> Any:
    # changed_at joins the counter so a database restored or rolled back (as tests do) to the same
    # number is still noticed.
    return GridIndexRevision.objects.filter(pk=1).values_list("revision", "changed_at").first()


def get_grid_index() -> GridIndex:
    """This process's index, rebuilt when the database's grid revision changed.

    The revision is checked at most every ``CITYLOOP_GEOCODER_RECHECK_SECONDS``; concurrent callers
    in one process share one rebuild.
    """
    recheck = float(getattr(settings, "CITYLOOP_GEOCODER_RECHECK_SECONDS", 2.0))
    index = _cache.index
    if index is not None and time.monotonic() - _cache.checked_at < recheck:
        return index
    stamp = _revision_stamp()
    if index is not None and stamp == _cache.stamp:
        _cache.checked_at = time.monotonic()
        return index
    with _cache.lock:
        if _cache.index is not None and _cache.stamp == stamp:
            return _cache.index
        # The stamp is read before the grids, so the index is never older than the stamp it carries.
        index = build_grid_index()
        _cache.index, _cache.stamp, _cache.checked_at = index, stamp, time.monotonic()
        return index


def clear_grid_index_cache() -> None:
    """Forget this process's index (the next ``get_grid_index`` rebuilds it)."""
    with _cache.lock:
        _cache.index, _cache.stamp, _cache.checked_at = None, None, float("-inf")


def locate(lon: float, lat: float, system: str = CoordinateSystem.WGS84) -> Location:
    """The location of a point given in ``system``; ``point_outside_grids`` when no grid covers it."""
    wgs_lon, wgs_lat = to_wgs84(lon, lat, system)
    location = get_grid_index().locate(wgs_lon, wgs_lat)
    if location is None:
        raise DomainError(
            "point_outside_grids", f"坐标 ({wgs_lon:.6f}, {wgs_lat:.6f}) 不在任何在用的单元网格内。"
        )
    return location
