"""The generated city passes the grid import's own validator: both modules agree on "a valid city"."""

from __future__ import annotations

import json

from cityloop.demo.geometry import generate_city, to_feature_collection
from cityloop.geo.grid_import import validate_grid_geojson


def test_generated_city_as_geojson__passes_the_import_validator_with_no_issues(db):
    city = generate_city(5, grids=80, districts=2)
    data = json.loads(json.dumps(to_feature_collection(city)))  # as a file would carry it

    report, parsed = validate_grid_geojson(data)

    assert report.as_text(limit=20) == ""
    assert len(parsed.features["grid"]) == 80
    assert len(parsed.features["district"]) == 2


def test_import_validator__notices_a_broken_generated_city(db):
    city = generate_city(5, grids=80, districts=2)
    data = to_feature_collection(city)
    grids = [f for f in data["features"] if f["properties"]["level"] == "grid"]
    grids[0]["geometry"] = grids[1]["geometry"]  # two grids drawn on the same ground, one gap

    report, _ = validate_grid_geojson(json.loads(json.dumps(data)))

    assert not report.ok
