import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cityloop.core.errors import DomainError
from cityloop.geo.coords import CoordinateSystem, from_wgs84, to_wgs84

china_lon = st.floats(min_value=73.7, max_value=134.8)
china_lat = st.floats(min_value=18.0, max_value=53.5)


@settings(max_examples=300, deadline=None)
@given(lon=china_lon, lat=china_lat, system=st.sampled_from([CoordinateSystem.GCJ02, CoordinateSystem.BD09]))
def test_to_wgs84__inverts_from_wgs84_within_1e6_degrees(lon, lat, system):
    # given
    shifted = from_wgs84(lon, lat, system)

    # when
    back = to_wgs84(*shifted, system)

    # then
    assert abs(back[0] - lon) < 1e-6
    assert abs(back[1] - lat) < 1e-6


def _metres(a, b):
    mean_lat = math.radians((a[1] + b[1]) / 2)
    dx = math.radians(a[0] - b[0]) * math.cos(mean_lat) * 6_371_000
    dy = math.radians(a[1] - b[1]) * 6_371_000
    return math.hypot(dx, dy)


def test_from_wgs84__gcj02_offset_in_hangzhou_is_a_few_hundred_metres():
    # given West Lake, Hangzhou, in WGS84
    wgs = (120.1436, 30.2460)

    # when
    gcj = from_wgs84(*wgs, CoordinateSystem.GCJ02)

    # then
    assert 100 < _metres(wgs, gcj) < 700


def test_from_wgs84__bd09_is_further_from_wgs84_than_gcj02():
    wgs = (120.1436, 30.2460)

    gcj = from_wgs84(*wgs, CoordinateSystem.GCJ02)
    bd = from_wgs84(*wgs, CoordinateSystem.BD09)

    assert _metres(wgs, bd) > _metres(wgs, gcj)


@pytest.mark.parametrize("system", [CoordinateSystem.WGS84, CoordinateSystem.CGCS2000, "wgs84"])
def test_to_wgs84__wgs84_and_cgcs2000_are_identity(system):
    assert to_wgs84(120.5, 30.5, system) == (120.5, 30.5)


def test_to_wgs84__gcj02_outside_china_is_not_offset():
    assert to_wgs84(2.35, 48.85, CoordinateSystem.GCJ02) == (2.35, 48.85)


def test_to_wgs84__rejects_unknown_system():
    with pytest.raises(DomainError) as caught:
        to_wgs84(120.0, 30.0, "mercator")

    assert caught.value.code == "unknown_coordinate_system"


@pytest.mark.parametrize(
    ("lon", "lat"), [(181.0, 30.0), (120.0, -90.5), (math.nan, 30.0), (120.0, math.inf), ("东经", 30.0)]
)
@pytest.mark.parametrize("convert", [to_wgs84, from_wgs84])
def test_coordinates__reject_non_finite_or_out_of_range(convert, lon, lat):
    with pytest.raises(DomainError) as caught:
        convert(lon, lat, CoordinateSystem.GCJ02)

    assert caught.value.code == "coordinates_out_of_range"
