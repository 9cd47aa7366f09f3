import pytest
from django.utils import timezone
from shapely.geometry import MultiPolygon, Polygon, box

from cityloop.core.errors import DomainError
from cityloop.geo.coords import CoordinateSystem, from_wgs84
from cityloop.geo.geocoding import GridIndex, Location, build_grid_index, get_grid_index, locate
from cityloop.geo.grids import bump_grid_index_revision, do_redraw_grid, new_grid_version
from cityloop.geo.models import Grid, GridVersion

LOWER_LEFT = "33010600100101"  # square_city cell (0, 0): lon 120.00–120.01, lat 30.00–30.01
LOWER_RIGHT = "33010600200101"  # cell (1, 0)
UPPER_LEFT = "33010600100102"  # cell (0, 1)


def add_grid(community, code, geometry):
    grid = Grid.objects.create(code=code, community=community)
    new_grid_version(grid, geometry, 1, timezone.now()).save()
    bump_grid_index_revision()
    return grid


def test_locate__point_inside_a_grid_gives_its_regions(square_city):
    # when
    location = locate(120.005, 30.015)

    # then
    grid = Grid.objects.get(code=UPPER_LEFT)
    assert location == Location(
        grid_id=grid.pk,
        grid_code=UPPER_LEFT,
        grid_version_id=grid.versions.get().pk,
        community_id=square_city.communities[0].pk,
        street_id=square_city.streets[0].pk,
        district_id=square_city.district.pk,
    )


def test_locate__point_on_shared_border_is_deterministic(square_city):
    # given a point on the edge between the two lower cells
    lon, lat = 120.01, 30.005

    # when asked repeatedly, singly and in bulk
    answers = {locate(lon, lat).grid_code for _ in range(5)}
    bulk = get_grid_index().locate_many([(lon, lat)])

    # then one answer, the lowest code
    assert answers == {LOWER_LEFT}
    assert bulk[0] is not None and bulk[0].grid_code == LOWER_LEFT


def test_locate__point_on_shared_vertex_of_four_grids_is_deterministic(square_city):
    assert locate(120.01, 30.01).grid_code == LOWER_LEFT


def test_locate__shared_border_answer_does_not_depend_on_insertion_order():
    # given two touching squares inserted in either order
    left = Location(1, "33010600100102", 1, 1, 1, 1)
    right = Location(2, "33010600100101", 2, 1, 1, 1)
    shapes = [(left, box(0, 0, 1, 1)), (right, box(1, 0, 2, 1))]

    # when
    first = GridIndex(shapes).locate(1.0, 0.5)
    second = GridIndex(list(reversed(shapes))).locate(1.0, 0.5)

    # then the lower code wins both times
    assert first == second == right


def test_locate__point_outside_all_grids_is_refused(square_city):
    # when / then
    assert get_grid_index().locate(121.0, 31.0) is None
    with pytest.raises(DomainError) as caught:
        locate(121.0, 31.0)
    assert caught.value.code == "point_outside_grids"


def test_locate__point_in_a_hole_is_not_in_the_holed_grid(square_city):
    # given a grid east of the city with a hole in its middle
    community = square_city.communities[1]
    ring = box(120.03, 30.0, 120.06, 30.03)
    hole = box(120.04, 30.01, 120.05, 30.02)
    add_grid(community, "33010600200103", Polygon(ring.exterior.coords, [hole.exterior.coords]))

    # when / then
    assert get_grid_index().locate(120.045, 30.015) is None
    assert locate(120.035, 30.015).grid_code == "33010600200103"


def test_locate__point_in_a_filled_hole_is_in_the_filling_grid(square_city):
    # given a holed grid and a grid filling its hole
    community = square_city.communities[1]
    ring = box(120.03, 30.0, 120.06, 30.03)
    hole = box(120.04, 30.01, 120.05, 30.02)
    add_grid(community, "33010600200103", Polygon(ring.exterior.coords, [hole.exterior.coords]))
    add_grid(community, "33010600200104", hole)

    # when / then inside the hole, and on its rim (lowest code)
    assert locate(120.045, 30.015).grid_code == "33010600200104"
    assert locate(120.04, 30.015).grid_code == "33010600200103"


def test_locate__multipolygon_grid_covers_both_parts(square_city):
    # given one grid of two separate squares
    parts = MultiPolygon([box(120.03, 30.0, 120.04, 30.01), box(120.05, 30.0, 120.06, 30.01)])
    add_grid(square_city.communities[1], "33010600200103", parts)

    # when / then
    assert locate(120.035, 30.005).grid_code == "33010600200103"
    assert locate(120.055, 30.005).grid_code == "33010600200103"
    assert get_grid_index().locate(120.045, 30.005) is None


def test_locate__converts_gcj02_input_first(square_city):
    # given the WGS84 centre of the lower-left cell, as AMap would report it
    gcj = from_wgs84(120.005, 30.005, CoordinateSystem.GCJ02)

    # when
    location = locate(*gcj, system=CoordinateSystem.GCJ02)

    # then
    assert location.grid_code == LOWER_LEFT


def test_locate__after_redraw_the_index_refreshes_and_old_version_is_kept(square_city):
    # given the lower-left grid is known to the cached index
    grid = Grid.objects.get(code=LOWER_LEFT)
    old = locate(120.005, 30.005)
    old_index = get_grid_index()

    # when it is redrawn to a square further west
    version = do_redraw_grid(grid, box(119.98, 30.0, 119.99, 30.01), note="调整")

    # then the index is rebuilt and answers with the new shape and version
    assert get_grid_index() is not old_index
    assert get_grid_index().locate(120.005, 30.005) is None
    assert locate(119.985, 30.005).grid_version_id == version.pk
    kept = GridVersion.objects.get(pk=old.grid_version_id)
    assert kept.valid_to is not None
    assert version.number == 2


def test_get_grid_index__reuses_the_index_while_revision_is_unchanged(square_city, django_assert_num_queries):
    # given
    first = get_grid_index()

    # when / then one query (the revision) and the same index
    with django_assert_num_queries(1):
        assert get_grid_index() is first


def test_get_grid_index__waits_for_the_recheck_interval(square_city, settings):
    # given a long recheck interval and a built index
    settings.CITYLOOP_GEOCODER_RECHECK_SECONDS = 3600
    first = get_grid_index()

    # when grids change
    do_redraw_grid(Grid.objects.get(code=LOWER_LEFT), box(119.98, 30.0, 119.99, 30.01))

    # then this process keeps its index until the interval passes
    assert get_grid_index() is first


def test_build_grid_index__uses_one_query_and_skips_closed_and_inactive(
    square_city, django_assert_num_queries
):
    # given one grid deactivated and one redrawn
    Grid.objects.filter(code=UPPER_LEFT).update(is_active=False)
    do_redraw_grid(Grid.objects.get(code=LOWER_LEFT), box(119.98, 30.0, 119.99, 30.01))

    # when
    with django_assert_num_queries(1):
        index = build_grid_index()

    # then
    assert len(index) == 3
    assert index.locate(120.005, 30.015) is None


def test_locate_many__matches_locate_point_by_point(square_city):
    # given border, inside and outside points
    points = [(120.01, 30.005), (120.015, 30.015), (121.0, 31.0), (120.0, 30.0), (120.02, 30.02)]
    index = get_grid_index()

    # when
    many = index.locate_many(points)

    # then
    assert many == [index.locate(lon, lat) for lon, lat in points]
    assert many[2] is None
