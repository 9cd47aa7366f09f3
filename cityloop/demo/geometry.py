"""The demo city's shapes, generated from a seed without touching the database.

An irregular outline around ``CENTRE``, sized so grids average ``MEAN_GRID_AREA_KM2``, is split
into districts, streets, communities and unit grids (see ``tiling``); each level is an exact
partition of the one above, and regions are stored as the union of their children. One grid per
district is a park lying in a hole of its host grid, so holes are exercised everywhere downstream.

Codes follow the legacy layout for the fictional 示范市 (339900): districts 339901…, streets +3
digits, communities +3, grids +2 (14 digits). Grids near the centre are 一类, the outskirts 四类.
Only generators seeded from ``seed`` are used and every loop runs in a fixed order, so one seed
always gives the same city.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from cityloop.demo.names import NameGenerator, district_name
from cityloop.demo.tiling import (
    CENTRE,
    X_SCALE,
    allocate,
    carve_park,
    community_count,
    distance_order,
    make_outline,
    orient,
    reading_order,
    snap_partition,
    split_polygon,
    street_count,
)

CITY_CODE = "339900"
CITY_NAME = "示范市"
MEAN_GRID_AREA_KM2 = 0.25
MAX_DISTRICTS = 99
# Area class by distance from the centre, as a share of the city's mean radius.
AREA_CLASS_LIMITS = (0.3, 0.6, 0.9)
AREA_CLASS_SHIFT_CHANCE = 0.12


@dataclass
class PlaceShape:
    """A region of the demo city (city, district, street or community) with its full code."""

    code: str
    name: str
    level: str
    parent_code: str | None
    geometry: BaseGeometry


@dataclass
class GridShape:
    """A unit grid of the demo city: 14-digit legacy code, area class "1".."4", polygon."""

    code: str
    name: str
    community_code: str
    area_class: str
    geometry: BaseGeometry
    is_park: bool = False


@dataclass
class DemoCity:
    """The whole generated city; each list is sorted by code."""

    seed: int
    city: PlaceShape
    districts: list[PlaceShape] = field(default_factory=list)
    streets: list[PlaceShape] = field(default_factory=list)
    communities: list[PlaceShape] = field(default_factory=list)
    grids: list[GridShape] = field(default_factory=list)

    def regions(self) -> Iterator[PlaceShape]:
        """Every region, parents before children."""
        yield self.city
        yield from self.districts
        yield from self.streets
        yield from self.communities


@dataclass
class _Community:
    code: str
    name: str
    shape: BaseGeometry
    quota: int


def generate_city(seed: int, grids: int = 300, districts: int = 1) -> DemoCity:
    """The demo city for ``seed`` with exactly ``grids`` unit grids in ``districts`` districts."""
    if not 1 <= districts <= MAX_DISTRICTS:
        raise ValueError(f"districts must be between 1 and {MAX_DISTRICTS}")
    if grids < districts:
        raise ValueError("need at least one grid per district")
    rng = np.random.default_rng(seed)
    names = NameGenerator(random.Random(seed))
    outline = make_outline(grids * MEAN_GRID_AREA_KM2, rng)
    city = DemoCity(seed=seed, city=PlaceShape(CITY_CODE, CITY_NAME, "city", None, outline))

    district_shapes = split_polygon(outline, districts, rng)
    district_shapes = [district_shapes[i] for i in distance_order(district_shapes, CENTRE)]
    quotas = allocate(grids, [s.area for s in district_shapes])
    for index, (shape, quota) in enumerate(zip(district_shapes, quotas, strict=True)):
        code = f"{CITY_CODE[:4]}{index + 1:02d}"
        city.districts.append(PlaceShape(code, district_name(index), "district", CITY_CODE, shape))
        _fill_district(city, city.districts[-1], quota, rng, names)

    for grid, snapped in zip(city.grids, snap_partition([g.geometry for g in city.grids]), strict=True):
        grid.geometry = orient(snapped)
    _assign_area_classes(city, outline, rng)
    _rebuild_regions_from_children(city)
    return city


def _fill_district(
    city: DemoCity, district: PlaceShape, quota: int, rng: np.random.Generator, names: NameGenerator
) -> None:
    street_shapes = split_polygon(district.geometry, street_count(quota), rng)
    street_shapes = [street_shapes[i] for i in distance_order(street_shapes, CENTRE)]
    street_quotas = allocate(quota, [s.area for s in street_shapes])
    communities: list[_Community] = []
    for s_index, (s_shape, s_quota) in enumerate(zip(street_shapes, street_quotas, strict=True)):
        s_code = f"{district.code}{s_index + 1:03d}"
        city.streets.append(PlaceShape(s_code, f"{names.stem()}街道", "street", district.code, s_shape))
        c_shapes = split_polygon(s_shape, community_count(s_quota), rng)
        c_shapes = [c_shapes[i] for i in reading_order(c_shapes)]
        c_quotas = allocate(s_quota, [c.area for c in c_shapes])
        for c_index, (c_shape, c_quota) in enumerate(zip(c_shapes, c_quotas, strict=True)):
            c_code = f"{s_code}{c_index + 1:03d}"
            communities.append(_Community(c_code, f"{names.stem()}社区", c_shape, c_quota))

    # The park takes one grid of the community with the most grids, so the total stays exact.
    park_home = communities[max(range(len(communities)), key=lambda i: (communities[i].quota, -i))]
    has_park = park_home.quota >= 2
    for community in communities:
        city.communities.append(
            PlaceShape(community.code, community.name, "community", community.code[:9], community.shape)
        )
        with_park = has_park and community is park_home
        cells = split_polygon(community.shape, community.quota - int(with_park), rng)
        cells = [cells[i] for i in reading_order(cells)]
        grid_names = [f"{community.name}第{n}网格" for n in range(1, len(cells) + 1)]
        parks: list[bool] = [False] * len(cells)
        if with_park:
            host = max(range(len(cells)), key=lambda i: (cells[i].area, -i))
            cells[host], park = carve_park(cells[host], rng)
            cells.append(park)
            grid_names.append(f"{names.stem()}公园")
            parks.append(True)
        for seq, (cell, name, is_park) in enumerate(zip(cells, grid_names, parks, strict=True), start=1):
            city.grids.append(
                GridShape(f"{community.code}{seq:02d}", name, community.code, "", cell, is_park)
            )


def _assign_area_classes(city: DemoCity, outline: BaseGeometry, rng: np.random.Generator) -> None:
    mean_radius = math.sqrt(outline.area * X_SCALE / math.pi)
    points = shapely.get_coordinates(shapely.point_on_surface(np.asarray([g.geometry for g in city.grids])))
    distance = np.hypot((points[:, 0] - CENTRE[0]) * X_SCALE, points[:, 1] - CENTRE[1]) / mean_radius
    classes = 1 + np.searchsorted(np.asarray(AREA_CLASS_LIMITS), distance)
    shift = rng.random(len(classes))
    classes = np.where(shift < AREA_CLASS_SHIFT_CHANCE / 2, classes - 1, classes)
    classes = np.where(shift > 1 - AREA_CLASS_SHIFT_CHANCE / 2, classes + 1, classes)
    classes = np.clip(classes, 1, 4)
    for grid, area_class in zip(city.grids, classes.tolist(), strict=True):
        grid.area_class = "2" if grid.is_park else str(area_class)


def _rebuild_regions_from_children(city: DemoCity) -> None:
    children: dict[str, list[BaseGeometry]] = {}
    for grid in city.grids:
        children.setdefault(grid.community_code, []).append(grid.geometry)
    for level in (city.communities, city.streets, city.districts, [city.city]):
        for region in level:
            # The children tile their parent with identical shared edges, which is what the fast
            # coverage union needs.
            region.geometry = orient(shapely.coverage_union_all(children[region.code]))
            if region.parent_code is not None:
                children.setdefault(region.parent_code, []).append(region.geometry)


def to_feature_collection(city: DemoCity) -> dict[str, Any]:
    """The city as a GeoJSON FeatureCollection in the grid import's format (district … grid)."""
    features = [
        {
            "type": "Feature",
            "properties": {"level": region.level, "code": region.code, "name": region.name},
            "geometry": mapping(region.geometry),
        }
        for region in city.regions()
        if region.level != "city"
    ]
    features.extend(
        {
            "type": "Feature",
            "properties": {
                "level": "grid",
                "code": grid.code,
                "name": grid.name,
                "area_class": grid.area_class,
            },
            "geometry": mapping(grid.geometry),
        }
        for grid in city.grids
    )
    return {"type": "FeatureCollection", "features": features}
