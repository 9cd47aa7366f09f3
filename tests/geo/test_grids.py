import pytest
from shapely.geometry import Polygon, box

from cityloop.core.errors import DomainError
from cityloop.geo.grids import area_m2, bump_grid_index_revision, do_redraw_grid, measure_geometry
from cityloop.geo.models import Grid, GridIndexRevision, GridVersion


def test_measure_geometry__gives_bbox_and_ellipsoidal_area():
    # when a 0.01° square at 30°N is measured
    measure = measure_geometry(
        {
            "type": "Polygon",
            "coordinates": [[[120, 30], [120.01, 30], [120.01, 30.01], [120, 30.01], [120, 30]]],
        }
    )

    # then (0.01° is 964.9 m of longitude and 1108.6 m of latitude there)
    assert (measure.min_lon, measure.min_lat, measure.max_lon, measure.max_lat) == (120, 30, 120.01, 30.01)
    assert measure.area_m2 == pytest.approx(964.9 * 1108.6, rel=1e-3)


def test_area_m2__square_metre_is_measured_exactly():
    # given a square of about 1 m × 1 m near 30°N
    side_lon, side_lat = 1 / 96486.0, 1 / 110860.0
    assert area_m2(box(120, 30, 120 + side_lon, 30 + side_lat)) == pytest.approx(1.0, rel=0.01)


@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        ({"type": "LineString", "coordinates": [[120, 30], [121, 31]]}, "geometry_type_unsupported"),
        (
            {"type": "Polygon", "coordinates": [[[120, 30], [121, 31], [121, 30], [120, 31], [120, 30]]]},
            "geometry_invalid",
        ),
        (None, "geometry_missing"),
    ],
)
def test_measure_geometry__rejects_non_polygonal_or_invalid(geometry, code):
    with pytest.raises(DomainError) as caught:
        measure_geometry(geometry)

    assert caught.value.code == code


@pytest.mark.django_db
def test_bump_grid_index_revision__creates_then_increments_the_row():
    bump_grid_index_revision()
    bump_grid_index_revision()

    assert GridIndexRevision.objects.get(pk=1).revision == 2


def test_do_redraw_grid__closes_current_version_and_adds_next(square_city):
    # given
    grid = Grid.objects.get(code="33010600100101")
    before = GridIndexRevision.objects.get(pk=1).revision

    # when
    version = do_redraw_grid(grid, box(120.0, 30.0, 120.005, 30.01), note="拆分")

    # then
    old = GridVersion.objects.get(grid=grid, number=1)
    assert old.valid_to == version.valid_from
    assert (version.number, version.note, version.valid_to) == (2, "拆分", None)
    assert version.area_m2 == pytest.approx(964.9 * 1108.6 / 2, rel=1e-3)
    assert GridIndexRevision.objects.get(pk=1).revision == before + 1


def test_do_redraw_grid__same_shape_changes_nothing(square_city):
    grid = Grid.objects.get(code="33010600100101")
    current = grid.versions.get()

    result = do_redraw_grid(grid, Polygon([(120.01, 30.0), (120.01, 30.01), (120.0, 30.01), (120.0, 30.0)]))

    assert result.pk == current.pk
    assert grid.versions.count() == 1


def test_do_redraw_grid__rejects_invalid_polygon_and_writes_nothing(square_city):
    grid = Grid.objects.get(code="33010600100101")
    bow_tie = {
        "type": "Polygon",
        "coordinates": [[[120, 30], [120.01, 30.01], [120.01, 30], [120, 30.01], [120, 30]]],
    }

    with pytest.raises(DomainError) as caught:
        do_redraw_grid(grid, bow_tie)

    assert caught.value.code == "geometry_invalid"
    assert grid.versions.count() == 1
