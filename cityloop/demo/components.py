"""Demo components (部件): a skewed, realistic mix spread over the grids, denser in the centre.

Manhole covers, lamps, street trees and litter bins dominate, as in real census data. Each point
lies strictly inside its grid; identifiers are district + category code + a serial that runs per
district and category in (category, grid, longitude) order, so they read like a census.
"""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import shapely

from cityloop.assets.models import Component, ComponentState
from cityloop.catalog.models import Category
from cityloop.demo.catalogue import route_category
from cityloop.demo.departments import MAINTAINED_BY, DemoDepartments
from cityloop.demo.geometry import DemoCity
from cityloop.demo.places import StoredPlaces
from cityloop.demo.tiling import sample_inside

# Relative frequency by exact category name; other manhole covers get ``OTHER_COVER``, the rest ``OTHER``.
WEIGHTS = {
    "雨水箅子": 8.0,
    "污水井盖": 6.0,
    "雨水井盖": 6.0,
    "供水井盖": 4.0,
    "通信井盖": 4.0,
    "电力井盖": 3.0,
    "路灯井盖": 2.0,
    "燃气井盖": 2.0,
    "路灯": 12.0,
    "行道树": 14.0,
    "垃圾箱": 8.0,
    "独立树": 2.0,
    "树池树穴": 2.0,
    "便道桩": 3.0,
    "电力立杆": 3.0,
    "通信立杆": 3.0,
    "交通标志牌及标线": 3.0,
    "门（楼号）牌": 2.0,
    "牌匾标识": 2.0,
    "交通护栏": 2.0,
    "消防设施": 2.0,
    "街头座椅": 1.5,
    "护树设施": 1.0,
    "公交站设施": 1.0,
    "户外广告": 1.0,
    "绿地": 1.0,
    "交通信号灯": 1.0,
}
OTHER_COVER = 1.0
OTHER = 0.2
DENSITY_BY_AREA_CLASS = {"1": 2.0, "2": 1.5, "3": 1.0, "4": 0.5}
STATES = (
    (ComponentState.INTACT, 0.92),
    (ComponentState.DAMAGED, 0.04),
    (ComponentState.LOST, 0.01),
    (ComponentState.ABANDONED, 0.015),
    (ComponentState.REMOVED, 0.015),
)
CENSUS_START = date(2016, 1, 1)
CENSUS_DAYS = 3300  # initial dates up to early 2025
LAST_CHANGE = date(2025, 12, 31)
SOURCE_CENSUS = "部件普查（演示数据）"
SOURCE_PATROL = "日常巡查更新（演示数据）"
BATCH = 2000


def component_weight(category: Category) -> float:
    if category.name in WEIGHTS:
        return WEIGHTS[category.name]
    return OTHER_COVER if "井盖" in category.name else OTHER


def points_in(geometry: shapely.Geometry, count: int, rng: np.random.Generator) -> np.ndarray:
    """``count`` points strictly inside ``geometry``, rounded to 7 decimals (about 1 cm)."""
    found = np.empty((0, 2))
    while len(found) < count:
        candidates = np.round(sample_inside(geometry, count - len(found) + 4, rng), 7)
        inside = shapely.contains_xy(geometry, candidates[:, 0], candidates[:, 1])
        found = np.vstack([found, candidates[inside]])
    return found[:count]


def write_components(
    city: DemoCity, places: StoredPlaces, departments: DemoDepartments, count: int, seed: int
) -> int:
    """Create ``count`` components of the default scheme's component categories."""
    categories = list(
        Category.objects.in_default_scheme().components().active().select_related("major").order_by("code")
    )
    if count <= 0 or not categories:
        return 0
    rng = np.random.default_rng([seed, 11])
    category_weights = np.array([component_weight(c) for c in categories])
    category_index = rng.choice(len(categories), size=count, p=category_weights / category_weights.sum())
    grid_weights = shapely.area(np.asarray([g.geometry for g in city.grids])) * np.array(
        [DENSITY_BY_AREA_CLASS[g.area_class] for g in city.grids]
    )
    grid_index = rng.choice(len(city.grids), size=count, p=grid_weights / grid_weights.sum())

    points = np.empty((count, 2))
    by_grid = np.argsort(grid_index, kind="stable")
    boundaries = np.concatenate([[0], np.cumsum(np.bincount(grid_index, minlength=len(city.grids)))])
    for grid in range(len(city.grids)):
        members = by_grid[boundaries[grid] : boundaries[grid + 1]]
        if len(members):
            points[members] = points_in(city.grids[grid].geometry, len(members), rng)

    states = rng.choice(len(STATES), size=count, p=[share for _, share in STATES])
    initial_offsets = rng.integers(0, CENSUS_DAYS, size=count)
    change_offsets = rng.integers(30, 400, size=count)
    changed_too = rng.random(count) < 0.2

    routes = [route_category(c) for c in categories]
    groups = {d.district.code: d.by_key for d in departments.districts}
    order = np.lexsort((points[:, 0], grid_index, category_index))
    serials: dict[tuple[str, str], int] = {}
    rows = []
    for i in order.tolist():
        category = categories[int(category_index[i])]
        grid_shape = city.grids[int(grid_index[i])]
        district_code = grid_shape.code[:6]
        serial = serials[(district_code, category.code)] = serials.get((district_code, category.code), 0) + 1
        state = STATES[int(states[i])][0]
        initial = CENSUS_START + timedelta(days=int(initial_offsets[i]))
        changed = None
        if state != ComponentState.INTACT or changed_too[i]:
            changed = min(initial + timedelta(days=int(change_offsets[i])), LAST_CHANGE)
        group = groups[district_code]
        key = routes[int(category_index[i])]
        rows.append(
            Component(
                identifier=f"{district_code}{category.code}{serial:06d}",
                category=category,
                name=category.name,
                competent_department=group[key],
                owner_unit=group[key],
                maintenance_unit=group[MAINTAINED_BY.get(key, key)],
                state=state,
                initial_date=initial,
                changed_date=changed,
                data_source=SOURCE_PATROL if changed else SOURCE_CENSUS,
                lon=float(points[i, 0]),
                lat=float(points[i, 1]),
                grid=places.grids[int(grid_index[i])],
            )
        )
    Component.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
