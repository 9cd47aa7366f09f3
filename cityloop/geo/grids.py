"""Grid geometries and their versions: parsing, measuring, redrawing, and the index revision.

Areas use the Lambert cylindrical equal-area projection of the WGS84 ellipsoid (x = a·λ,
y = a·q(φ)/2), which preserves area exactly; the only error is that polygon edges are straight in
that projection instead of geodesics, far below 0.01 % for grids a few kilometres across.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import numpy as np
import shapely
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry
from shapely.validation import explain_validity

from cityloop.core.errors import DomainError
from cityloop.geo.models import Grid, GridIndexRevision, GridVersion

POLYGONAL_TYPES = ("Polygon", "MultiPolygon")

_A = 6_378_137.0  # WGS84 semi-major axis, metres
_E2 = 0.00669437999014  # WGS84 first eccentricity squared
_E = math.sqrt(_E2)


def parse_polygonal(geojson: Any) -> BaseGeometry:
    """Turn a GeoJSON Polygon/MultiPolygon (WGS84 lon/lat) into a valid shapely geometry.

    Raises ``geometry_missing``, ``geometry_type_unsupported``, ``geometry_invalid`` (with GEOS's
    reason, e.g. a self-intersection) or ``coordinates_out_of_range``.
    """
    if geojson is None:
        raise DomainError("geometry_missing", "缺少几何图形（geometry）。")
    if not isinstance(geojson, dict) or geojson.get("type") not in POLYGONAL_TYPES:
        found = geojson.get("type") if isinstance(geojson, dict) else type(geojson).__name__
        raise DomainError(
            "geometry_type_unsupported", f"几何类型须为 Polygon 或 MultiPolygon，实际为“{found}”。"
        )
    try:
        geometry = shape(geojson)
    except Exception as exc:  # shapely raises several types for malformed coordinate arrays
        raise DomainError("geometry_invalid", f"几何坐标格式错误：{exc}") from None
    if geometry.is_empty:
        raise DomainError("geometry_invalid", "几何图形为空。")
    coordinates = shapely.get_coordinates(geometry)
    if not np.isfinite(coordinates).all():
        raise DomainError("coordinates_out_of_range", "几何图形含有非有限数字的坐标。")
    lons, lats = coordinates[:, 0], coordinates[:, 1]
    if lons.min() < -180 or lons.max() > 180 or lats.min() < -90 or lats.max() > 90:
        raise DomainError(
            "coordinates_out_of_range", "几何坐标超出经纬度范围（是否把纬度和经度写反了，或用了投影坐标？）。"
        )
    if not geometry.is_valid:
        raise DomainError("geometry_invalid", f"几何图形无效：{explain_validity(geometry)}")
    return geometry


def _equal_area_xy(coordinates: np.ndarray) -> np.ndarray:
    lon0 = coordinates[:, 0].mean() if len(coordinates) else 0.0
    sin_lat = np.sin(np.radians(coordinates[:, 1]))
    e_sin = _E * sin_lat
    q = (1 - _E2) * (sin_lat / (1 - _E2 * sin_lat**2) - np.log((1 - e_sin) / (1 + e_sin)) / (2 * _E))
    y = _A * q / 2
    # Centring keeps the shoelace sums small, so areas of a square metre stay exact in doubles.
    return np.column_stack([_A * np.radians(coordinates[:, 0] - lon0), y - (y.mean() if len(y) else 0.0)])


def area_m2(geometry: BaseGeometry) -> float:
    """Area of a lon/lat geometry in square metres on the WGS84 ellipsoid (see module docstring)."""
    return float(shapely.area(shapely.transform(geometry, _equal_area_xy)))


@dataclass(frozen=True)
class GeometryMeasure:
    """Bounding box (degrees) and area (square metres) of a grid geometry."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float
    area_m2: float


def measure_geometry(geojson_or_geometry: Any) -> GeometryMeasure:
    """Bounding box and area of a Polygon/MultiPolygon given as GeoJSON or as a shapely geometry."""
    geometry = (
        geojson_or_geometry
        if isinstance(geojson_or_geometry, BaseGeometry)
        else parse_polygonal(geojson_or_geometry)
    )
    min_lon, min_lat, max_lon, max_lat = geometry.bounds
    return GeometryMeasure(min_lon, min_lat, max_lon, max_lat, area_m2(geometry))


def same_geometry(a: BaseGeometry, b: BaseGeometry) -> bool:
    """Whether two geometries cover the same points (ring order and start vertex do not matter)."""
    return bool(a.equals(b))


def bump_grid_index_revision() -> None:
    """Tell every process that grids changed: increment the single revision row atomically."""
    now = timezone.now()
    # changed_at is set explicitly: update() skips auto_now, and geocoders compare it too.
    if not GridIndexRevision.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=now):
        GridIndexRevision.objects.get_or_create(pk=1)
        GridIndexRevision.objects.filter(pk=1).update(revision=F("revision") + 1, changed_at=now)


def new_grid_version(
    grid: Grid, geometry: BaseGeometry, number: int, valid_from: Any, note: str = ""
) -> GridVersion:
    """An unsaved ``GridVersion`` of ``grid`` with its bbox and area filled in."""
    measure = measure_geometry(geometry)
    return GridVersion(
        grid=grid,
        number=number,
        geometry=mapping(geometry),
        min_lon=measure.min_lon,
        min_lat=measure.min_lat,
        max_lon=measure.max_lon,
        max_lat=measure.max_lat,
        area_m2=measure.area_m2,
        valid_from=valid_from,
        note=note[:200],
    )


def do_redraw_grid(grid: Grid, geometry: Any, note: str = "") -> GridVersion:
    """Give ``grid`` a new boundary: close its current version, add the next one, bump the index.

    ``geometry`` is GeoJSON or shapely. The old version is kept (with ``valid_to``) so cases filed
    in it keep their shape. Redrawing with the same shape changes nothing and returns the current
    version.
    """
    shape_ = geometry if isinstance(geometry, BaseGeometry) else parse_polygonal(geometry)
    if not shape_.is_valid or shape_.geom_type not in POLYGONAL_TYPES:
        raise DomainError("geometry_invalid", f"几何图形无效：{explain_validity(shape_)}")
    with transaction.atomic():
        versions = GridVersion.objects.select_for_update().filter(grid=grid)
        current = versions.filter(valid_to__isnull=True).first()
        if current is not None and same_geometry(shape(current.geometry), shape_):
            return current
        last_number = versions.order_by("-number").values_list("number", flat=True).first() or 0
        now = timezone.now()
        if current is not None:
            # valid_to must be after valid_from even when the clock is coarse.
            now = max(now, current.valid_from + timedelta(microseconds=1))
            current.valid_to = now
            current.save(update_fields=["valid_to"])
        version = new_grid_version(grid, shape_, last_number + 1, now, note)
        version.save()
        bump_grid_index_revision()
    return version
