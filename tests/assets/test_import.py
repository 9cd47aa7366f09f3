"""Successful component imports: formats, encodings, coordinate systems, upsert, query counts."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityloop.assets.importing import do_import_components
from cityloop.assets.models import Component, ComponentState
from cityloop.geo.coords import from_wgs84
from cityloop.geo.geocoding import get_grid_index
from tests.assets.files import (
    GRID_00,
    GRID_01,
    GRID_10,
    csv_bytes,
    geojson_bytes,
    identifier,
    row,
    xlsx_bytes,
)


def test_import_csv__writes_every_column_and_derives_the_grid(inventory, departments, catalog):
    data = csv_bytes(
        [row(1, 养护单位="D003", 状态="破损", 变更日期="2025-01-02", 备注="近学校", point=GRID_10)]
    )
    summary = do_import_components(data, "csv")
    assert (summary.rows, summary.created, summary.updated) == (1, 1, 0)
    component = Component.objects.get()
    assert component.identifier == identifier(1)
    assert component.category == catalog.manhole
    assert component.name == "井盖1"
    assert component.competent_department == departments["water"]  # by code
    assert component.owner_unit == departments["water"]  # by name
    assert component.maintenance_unit == departments["twin_a"]
    assert component.state == ComponentState.DAMAGED
    assert component.initial_date == dt.date(2024, 5, 1)
    assert component.changed_date == dt.date(2025, 1, 2)
    assert (component.data_source, component.note) == ("普查", "近学校")
    assert (component.lon, component.lat) == GRID_10
    assert component.grid == inventory.grid_at(1, 0)


def test_import_csv__english_headers_and_state_values_are_accepted(inventory):
    english = {
        "identifier": identifier(1),
        "category_code": "01001",
        "state": "lost",
        "lon": GRID_01[0],
        "lat": GRID_01[1],
    }
    do_import_components(csv_bytes([english], headers=list(english)), "csv")
    component = Component.objects.get()
    assert (component.state, component.grid) == (ComponentState.LOST, inventory.grid_at(0, 1))


def test_import_csv__utf8_without_bom(inventory):
    do_import_components(csv_bytes([row(1)], encoding="utf-8"), "csv")
    assert Component.objects.get().name == "井盖1"


def test_import_csv__gb18030_as_saved_by_excel(inventory):
    data = csv_bytes([row(1, 名称="𠀀井盖", 备注="鋆")], encoding="gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    do_import_components(data, "csv")
    component = Component.objects.get()
    assert (component.name, component.note) == ("𠀀井盖", "鋆")


def test_import_csv__category_code_without_leading_zero_as_excel_writes_it(inventory, catalog):
    do_import_components(csv_bytes([row(1, 小类代码="1001")]), "csv")
    assert Component.objects.get().category == catalog.manhole


def test_import_xlsx__date_and_number_cells(inventory):
    data = xlsx_bytes([row(1, 初始日期=dt.date(2023, 3, 4), 小类代码=1001, 经度="120.005")])
    do_import_components(data, "xlsx")
    component = Component.objects.get()
    assert component.identifier == identifier(1)
    assert component.initial_date == dt.date(2023, 3, 4)


def test_import_geojson__point_features(inventory):
    do_import_components(geojson_bytes([row(1), row(2, point=GRID_10)]), "geojson")
    grids = dict(Component.objects.values_list("identifier", "grid"))
    assert grids == {identifier(1): inventory.grid_at(0, 0).pk, identifier(2): inventory.grid_at(1, 0).pk}


def test_import__gcj02_is_converted_to_wgs84_and_lands_in_the_right_grid(inventory):
    # Just inside grid (0, 0) in WGS84; GCJ-02 shifts it ~500 m east, into grid (1, 0).
    wgs = (120.0095, 30.005)
    gcj = from_wgs84(*wgs, "gcj02")
    assert get_grid_index().locate(*gcj).grid_id == inventory.grid_at(1, 0).pk
    do_import_components(csv_bytes([row(1, point=gcj, 坐标系="GCJ-02")]), "csv")
    component = Component.objects.get()
    assert component.lon == pytest.approx(wgs[0], abs=1e-7)
    assert component.lat == pytest.approx(wgs[1], abs=1e-7)
    assert component.lon - gcj[0] == pytest.approx(wgs[0] - gcj[0], abs=1e-7)
    assert abs(component.lon - gcj[0]) > 0.004
    assert component.grid == inventory.grid_at(0, 0)


def test_import__bd09_is_converted(inventory):
    wgs = (120.005, 30.005)
    do_import_components(csv_bytes([row(1, point=from_wgs84(*wgs, "bd09"), 坐标系="bd09")]), "csv")
    component = Component.objects.get()
    assert (component.lon, component.lat) == pytest.approx(wgs, abs=1e-7)


def test_import_upsert__updates_existing_and_creates_new(inventory, departments):
    do_import_components(csv_bytes([row(1), row(2)]), "csv")
    before = Component.objects.get(identifier=identifier(1))
    data = csv_bytes([row(1, 名称="新名", 状态="丢失", 主管部门="D002", point=GRID_10), row(3)])
    summary = do_import_components(data, "csv", mode="upsert")
    assert (summary.created, summary.updated) == (1, 1)
    after = Component.objects.get(identifier=identifier(1))
    assert after.pk == before.pk
    assert (after.name, after.state, after.competent_department) == ("新名", "lost", departments["lights"])
    assert after.grid == inventory.grid_at(1, 0)
    assert after.updated_at > before.updated_at
    assert Component.objects.count() == 3


def test_import_upsert__columns_absent_from_the_file_keep_their_values(inventory):
    do_import_components(csv_bytes([row(1, 备注="保留")]), "csv")
    partial = {
        "部件标识码": identifier(1),
        "小类代码": "01001",
        "经度": GRID_00[0],
        "纬度": GRID_00[1],
        "状态": "废弃",
    }
    do_import_components(csv_bytes([partial], headers=list(partial)), "csv", mode="upsert")
    component = Component.objects.get()
    assert (component.state, component.note, component.name) == ("abandoned", "保留", "井盖1")


def test_import__progress_reports_both_phases(inventory):
    calls: list[tuple[int, int]] = []
    do_import_components(
        csv_bytes([row(n) for n in range(1, 4)]), "csv", progress=lambda d, t: calls.append((d, t))
    )
    assert calls[0] == (0, 3)
    assert calls.count((3, 3)) >= 2
    assert (0, 3) in calls[1:]


def import_queries(rows: int, offset: int) -> tuple[int, int]:
    """(queries other than INSERT, INSERT statements) of one import of ``rows`` rows."""
    data = csv_bytes([row(offset + n, point=(GRID_00, GRID_10)[n % 2]) for n in range(rows)])
    get_grid_index()  # built once per process, not per import
    with CaptureQueriesContext(connection) as captured:
        do_import_components(data, "csv")
    inserts = sum(query["sql"].startswith("INSERT") for query in captured.captured_queries)
    return len(captured.captured_queries) - inserts, inserts


def test_import__query_count_does_not_grow_with_rows(inventory):
    small_reads, _ = import_queries(10, 1)
    large_reads, large_inserts = import_queries(200, 1000)
    assert Component.objects.count() == 210
    assert large_reads == small_reads <= 9
    # Multi-row INSERTs: one on PostgreSQL; SQLite's 999-parameter limit splits 200 rows into 4.
    assert large_inserts <= 4
