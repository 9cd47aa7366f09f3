"""Small hand-built GeoJSON for the geo tests: one district, one street, one community of squares."""

from __future__ import annotations

from typing import Any

import pytest
from shapely.geometry import box, mapping

from cityloop.geo.geocoding import clear_grid_index_cache

X0, Y0 = 120.0, 30.0
SIDE = 0.01  # degrees, about 1 km
DISTRICT = "330106"
STREET = "330106001"
COMMUNITY = "330106001001"


def square(column: float, row: float, width: float = 1, height: float = 1) -> dict[str, Any]:
    """GeoJSON polygon of the cell at (column, row) in SIDE units from (X0, Y0)."""
    return mapping(
        box(X0 + column * SIDE, Y0 + row * SIDE, X0 + (column + width) * SIDE, Y0 + (row + height) * SIDE)
    )


def feature(level: str, code: str, geometry: Any, name: str = "", **properties: Any) -> dict[str, Any]:
    return {
        "type": "Feature",
        "properties": {"level": level, "code": code, "name": name or f"{level}-{code}", **properties},
        "geometry": geometry,
    }


def collection(*features: dict[str, Any]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": list(features)}


def regions(community_geometry: Any = None) -> list[dict[str, Any]]:
    """District, street and community features; the community covers 2 × 1 cells unless told."""
    community_geometry = community_geometry if community_geometry is not None else square(0, 0, 2, 1)
    return [
        feature("district", DISTRICT, None, "测试区"),
        feature("street", STREET, None, "测试街道"),
        feature("community", COMMUNITY, community_geometry, "测试社区"),
    ]


def clean_file() -> dict[str, Any]:
    """A valid import: the community split into two square grids."""
    return collection(
        *regions(),
        feature("grid", f"{COMMUNITY}01", square(0, 0), area_class="一类"),
        feature("grid", f"{COMMUNITY}02", square(1, 0)),
    )


@pytest.fixture(autouse=True)
def _fresh_grid_index():
    """Each test starts and ends without a cached index, whatever the previous test stored."""
    clear_grid_index_cache()
    yield
    clear_grid_index_cache()
