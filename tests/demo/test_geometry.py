"""The pure city generator: determinism, codes, and an exact partition with a hole."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from cityloop.demo.geometry import CITY_CODE, generate_city
from cityloop.demo.tiling import allocate
from cityloop.geo.codes import validate_grid_code
from cityloop.geo.grids import area_m2
from tests.demo.fingerprints import city_fingerprint

SEED = 7
GRIDS = 120


@pytest.fixture(scope="module")
def city():
    return generate_city(SEED, grids=GRIDS, districts=2)


def test_generate_city__same_seed_gives_the_same_city(city):
    again = generate_city(SEED, grids=GRIDS, districts=2)

    assert city_fingerprint(again) == city_fingerprint(city)


def test_generate_city__different_seed_gives_another_city(city):
    other = generate_city(SEED + 1, grids=GRIDS, districts=2)

    assert city_fingerprint(other) != city_fingerprint(city)
    assert [g.geometry.wkb for g in other.grids[:5]] != [g.geometry.wkb for g in city.grids[:5]]


def test_generate_city__has_exactly_the_grids_asked_for_with_legacy_codes(city):
    codes = [g.code for g in city.grids]

    assert len(codes) == GRIDS == len(set(codes))
    assert codes == sorted(codes)
    assert all(validate_grid_code(code) == code and len(code) == 14 for code in codes)
    community_codes = {c.code for c in city.communities}
    assert all(g.code[:12] in community_codes for g in city.grids)
    assert [d.code for d in city.districts] == ["339901", "339902"]
    assert all(s.code[:6] == s.parent_code for s in city.streets)
    assert all(c.code[:9] == c.parent_code for c in city.communities)
    assert city.city.code == CITY_CODE


def test_generate_city__names_are_chinese_and_unique_among_siblings(city):
    assert all(s.name.endswith("街道") for s in city.streets)
    assert all(c.name.endswith("社区") for c in city.communities)
    assert len({s.name for s in city.streets}) == len(city.streets)
    assert len({c.name for c in city.communities}) == len(city.communities)


def test_partition__every_grid_is_a_valid_polygon_and_none_overlap(city):
    grids = np.asarray([g.geometry for g in city.grids])

    assert shapely.is_valid(grids).all()
    assert {g.geom_type for g in grids} == {"Polygon"}
    left, right = shapely.STRtree(grids).query(grids, predicate="intersects")
    pairs = left < right
    overlap = shapely.area(shapely.intersection(grids[left[pairs]], grids[right[pairs]]))
    assert overlap.max() < 1e-14  # shared edges only; 1e-14 deg² is about 0.1 mm²


@pytest.mark.parametrize("level", ["communities", "streets", "districts"])
def test_partition__each_region_is_exactly_the_union_of_its_grids(city, level):
    for region in getattr(city, level):
        grids = [g.geometry for g in city.grids if g.code.startswith(region.code)]
        union = shapely.union_all(grids)
        assert shapely.symmetric_difference(union, region.geometry).area < 1e-12, region.code


def test_partition__grids_tile_the_city_without_gaps(city):
    union = shapely.union_all([g.geometry for g in city.grids])

    assert union.geom_type == "Polygon" and not union.interiors
    assert shapely.symmetric_difference(union, city.city.geometry).area < 1e-12


def test_partition__each_district_has_a_park_grid_filling_a_hole_of_another_grid(city):
    parks = [g for g in city.grids if g.is_park]

    assert len(parks) == len(city.districts)
    for park in parks:
        hosts = [g for g in city.grids if g.geometry.geom_type == "Polygon" and g.geometry.interiors]
        host = next(h for h in hosts if shapely.Polygon(h.geometry.interiors[0]).equals(park.geometry))
        assert host.community_code == park.community_code
        assert park.name.endswith("公园")


def test_generate_city__grid_sizes_and_area_classes_are_plausible():
    city = generate_city(2026, grids=300)
    areas = np.array([area_m2(g.geometry) for g in city.grids]) / 1e6

    assert 0.15 < float(np.median(areas)) < 0.4
    assert np.percentile(areas, 5) > 0.05 and np.percentile(areas, 95) < 0.6
    counts = {c: sum(g.area_class == c for g in city.grids) for c in "1234"}
    assert all(counts[c] > 0 for c in "1234")
    assert counts["1"] < counts["3"]  # the core is smaller than the middle ring


def test_allocate__sums_exactly_and_respects_the_minimum():
    shares = allocate(10, [5.0, 0.01, 3.0, 2.0])

    assert sum(shares) == 10
    assert min(shares) >= 1
    assert shares[0] > shares[3]


def test_generate_city__refuses_more_districts_than_grids():
    with pytest.raises(ValueError):
        generate_city(1, grids=2, districts=3)
