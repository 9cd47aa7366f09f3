import json

import pytest
from shapely.geometry import Polygon, box, mapping

from cityloop.core.validation import ImportRejected
from cityloop.geo.grid_checks import SLIVER_TOLERANCE_M2
from cityloop.geo.grid_import import do_import_grids, validate_grid_geojson
from cityloop.geo.models import Grid, GridIndexRevision, GridVersion, Region
from tests.geo.conftest import COMMUNITY, SIDE, X0, Y0, clean_file, collection, feature, regions, square

GRID_1 = f"{COMMUNITY}01"
GRID_2 = f"{COMMUNITY}02"


def rejected(data):
    """Import ``data`` expecting a rejection; check nothing was written; return the issues."""
    regions_before, grids_before = Region.objects.count(), Grid.objects.count()
    with pytest.raises(ImportRejected) as caught:
        do_import_grids(data)
    assert (Region.objects.count(), Grid.objects.count()) == (regions_before, grids_before)
    return caught.value.report.issues


def issue(issues, code):
    found = [i for i in issues if i.code == code]
    assert found, f"no {code} in {[i.code for i in issues]}"
    return found[0]


@pytest.mark.django_db
def test_do_import_grids__clean_file_creates_regions_grids_and_versions():
    # when
    summary = do_import_grids(clean_file())

    # then
    assert summary.counts["grid"]["created"] == 2
    assert summary.counts["community"]["created"] == 1
    grid = Grid.objects.get(code=GRID_1)
    assert grid.area_class == "1"
    assert grid.community.parent.parent.code == "330106"
    version = grid.versions.get()
    assert version.number == 1 and version.valid_to is None
    # 0.01° of longitude is 964.9 m at 30°N on WGS84, 0.01° of latitude 1108.6 m
    assert version.area_m2 == pytest.approx(964.9 * 1108.6, rel=1e-3)
    assert GridIndexRevision.objects.get(pk=1).revision == 1


@pytest.mark.django_db
def test_do_import_grids__reimport_redraws_only_the_changed_grid():
    # given
    do_import_grids(clean_file())
    old_version = GridVersion.objects.get(grid__code=GRID_2)
    # when grid 2 grows north and the community with it
    taller = square(1, 0, 1, 2)
    community = mapping(
        box(X0, Y0, X0 + 2 * SIDE, Y0 + SIDE).union(box(X0 + SIDE, Y0, X0 + 2 * SIDE, Y0 + 2 * SIDE))
    )
    summary = do_import_grids(
        collection(
            *regions(community), feature("grid", GRID_1, square(0, 0)), feature("grid", GRID_2, taller)
        )
    )

    # then
    assert summary.counts["grid"] == {"created": 0, "redrawn": 1, "updated": 0, "unchanged": 1}
    assert summary.counts["community"]["redrawn"] == 1
    old_version.refresh_from_db()
    assert old_version.valid_to is not None
    assert GridVersion.objects.get(grid__code=GRID_2, valid_to__isnull=True).number == 2
    assert GridVersion.objects.filter(grid__code=GRID_1).count() == 1
    assert GridIndexRevision.objects.get(pk=1).revision == 2


@pytest.mark.django_db
def test_do_import_grids__same_geometry_with_other_vertex_order_is_unchanged():
    do_import_grids(clean_file())
    data = clean_file()
    ring = data["features"][3]["geometry"]["coordinates"][0]
    data["features"][3]["geometry"] = {"type": "Polygon", "coordinates": [list(reversed(ring))]}

    summary = do_import_grids(data)

    assert summary.counts["grid"]["unchanged"] == 2
    assert GridVersion.objects.count() == 2


@pytest.mark.django_db
def test_do_import_grids__15_character_code_needs_community_code():
    # given
    data = collection(*regions(square(0, 0)), feature("grid", "3301060A1B2C3D4", square(0, 0)))

    # when
    found = issue(rejected(data), "parent_missing")

    # then
    assert found.where == "要素#4 (3301060A1B2C3D4)"
    data["features"][3]["properties"]["community_code"] = COMMUNITY
    assert do_import_grids(data).counts["grid"]["created"] == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data", [b"{not json", "[]", json.dumps({"type": "Feature"}), {"type": "FeatureCollection"}]
)
def test_do_import_grids__rejects_what_is_not_a_feature_collection(data):
    issues = rejected(data)

    assert issues[0].code in {"json_invalid", "not_feature_collection"}
    assert issues[0].where == "文件"


@pytest.mark.django_db
def test_do_import_grids__reports_missing_and_unknown_level():
    data = clean_file()
    del data["features"][3]["properties"]["level"]
    data["features"][4]["properties"]["level"] = "province"

    issues = rejected(data)

    assert issue(issues, "level_missing").where == f"要素#4 ({GRID_1})"
    assert issue(issues, "level_unknown").where == f"要素#5 ({GRID_2})"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("geometry", "code"),
    [
        (None, "geometry_missing"),
        ({"type": "Point", "coordinates": [120.0, 30.0]}, "geometry_type_unsupported"),
        (
            {
                "type": "Polygon",
                "coordinates": [[[30.0, 120.0], [30.0, 121.0], [31.0, 121.0], [30.0, 120.0]]],
            },
            "coordinates_out_of_range",
        ),
    ],
)
def test_do_import_grids__reports_missing_or_wrong_geometry(geometry, code):
    data = clean_file()
    data["features"][4]["geometry"] = geometry

    found = issue(rejected(data), code)

    assert found.where == f"要素#5 ({GRID_2})"
    assert found.field == "geometry"


@pytest.mark.django_db
def test_do_import_grids__reports_self_intersecting_polygon_with_reason():
    # given a bow tie
    data = clean_file()
    x1, y1 = X0 + SIDE, Y0 + SIDE
    data["features"][3]["geometry"] = mapping(Polygon([(X0, Y0), (x1, y1), (x1, Y0), (X0, y1)]))

    found = issue(rejected(data), "geometry_invalid")

    assert found.where == f"要素#4 ({GRID_1})"
    assert "Self-intersection" in found.message


@pytest.mark.django_db
def test_do_import_grids__reports_duplicate_codes():
    data = clean_file()
    data["features"][4]["properties"]["code"] = GRID_1

    found = issue(rejected(data), "code_duplicate")

    assert found.where == f"要素#5 ({GRID_1})"
    assert "要素#4" in found.message


@pytest.mark.django_db
def test_do_import_grids__reports_malformed_grid_and_region_codes():
    data = clean_file()
    data["features"][4]["properties"]["code"] = "3301060010010X"
    data["features"][1]["properties"]["code"] = "33010600"

    issues = rejected(data)

    assert issue(issues, "grid_code_malformed").where == "要素#5 (3301060010010X)"
    assert issue(issues, "region_code_malformed").where == "要素#2 (33010600)"


@pytest.mark.django_db
def test_do_import_grids__reports_unknown_parent():
    # given a grid whose community is neither in the file nor stored
    data = clean_file()
    data["features"].append(feature("grid", "33010600200101", square(5, 5)))

    found = issue(rejected(data), "parent_missing")

    assert found.where == "要素#6 (33010600200101)"
    assert "330106002001" in found.message


@pytest.mark.django_db
def test_do_import_grids__reports_overlapping_grids_with_both_codes():
    # given grid 2 reaching half way into grid 1
    data = clean_file()
    data["features"][4]["geometry"] = square(0.5, 0, 1.5, 1)

    found = issue(rejected(data), "grid_overlap")

    assert found.where in {f"要素#4 ({GRID_1})", f"要素#5 ({GRID_2})"}
    assert GRID_1 in found.message and GRID_2 in found.message


@pytest.mark.django_db
def test_validate_grid_geojson__ignores_overlap_below_tolerance():
    # given grid 2 overlapping grid 1 by a sliver of about 0.1 m²
    sliver = 1e-7 * SIDE
    data = clean_file()
    data["features"][4]["geometry"] = mapping(box(X0 + SIDE - sliver, Y0, X0 + 2 * SIDE, Y0 + SIDE))

    report, _ = validate_grid_geojson(data)

    assert "grid_overlap" not in report.codes()
    assert SLIVER_TOLERANCE_M2 == 1.0


@pytest.mark.django_db
def test_do_import_grids__reports_overlap_with_a_stored_grid(square_city):
    # given a new grid of the stored city's first community over its stored cell (0, 0)
    data = collection(feature("grid", "33010600100103", square(0.5, 0.5)))

    found = issue(rejected(data), "grid_overlap")

    assert found.where == "要素#1 (33010600100103)"
    assert "33010600100101" in found.message


@pytest.mark.django_db
def test_do_import_grids__reports_gap_in_community_boundary():
    # given grid 2 covers only the lower half of its cell
    data = clean_file()
    data["features"][4]["geometry"] = square(1, 0, 1, 0.5)

    found = issue(rejected(data), "grid_gap")

    assert found.where == f"要素#3 ({COMMUNITY})"
    assert "120.01" in found.message and "平方米" in found.message


@pytest.mark.django_db
def test_do_import_grids__reports_hole_no_grid_fills_when_community_has_no_boundary():
    # given a community without boundary whose one grid has a hole
    holed = Polygon(
        box(X0, Y0, X0 + 3 * SIDE, Y0 + 3 * SIDE).exterior.coords,
        [box(X0 + SIDE, Y0 + SIDE, X0 + 2 * SIDE, Y0 + 2 * SIDE).exterior.coords],
    )
    data = collection(*regions(), feature("grid", GRID_1, mapping(holed)))
    data["features"][2]["geometry"] = None

    found = issue(rejected(data), "grid_gap")

    assert found.where == f"要素#3 ({COMMUNITY})"
    assert "120.01" in found.message


@pytest.mark.django_db
def test_validate_grid_geojson__hole_filled_by_another_grid_is_no_gap():
    holed = Polygon(
        box(X0, Y0, X0 + 3 * SIDE, Y0 + 3 * SIDE).exterior.coords,
        [box(X0 + SIDE, Y0 + SIDE, X0 + 2 * SIDE, Y0 + 2 * SIDE).exterior.coords],
    )
    data = collection(
        *regions(), feature("grid", GRID_1, mapping(holed)), feature("grid", GRID_2, square(1, 1))
    )
    data["features"][2]["geometry"] = None

    report, _ = validate_grid_geojson(data)

    assert report.ok, report.as_text()


@pytest.mark.django_db
def test_do_import_grids__reports_grid_outside_its_community():
    # given grid 2 reaching a cell beyond the community's east edge
    data = clean_file()
    data["features"][4]["geometry"] = square(1, 0, 2, 1)

    found = issue(rejected(data), "grid_outside_parent")

    assert found.where == f"要素#5 ({GRID_2})"
    assert COMMUNITY in found.message
