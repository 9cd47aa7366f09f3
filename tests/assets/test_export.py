"""Export writes the import's headers; export → import (upsert) restores exactly what was stored."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityloop.assets.columns import COLUMNS
from cityloop.assets.exporting import export_components
from cityloop.assets.importing import do_import_components
from cityloop.assets.models import Component
from tests.assets.files import GRID_01, GRID_10, csv_bytes, row

SNAPSHOT_FIELDS = [
    "identifier",
    "category_id",
    "name",
    "competent_department_id",
    "owner_unit_id",
    "maintenance_unit_id",
    "state",
    "initial_date",
    "changed_date",
    "data_source",
    "note",
    "lon",
    "lat",
    "grid_id",
]


def snapshot() -> list[tuple]:
    return list(Component.objects.order_by("identifier").values_list(*SNAPSHOT_FIELDS))


@pytest.fixture
def stored(inventory):
    rows = [
        row(1, 养护单位="D003", 变更日期="2025-02-03", 备注='含,逗号与"引号"\n换行'),
        row(2, 状态="移除", 主管部门="", 权属单位="", 初始日期="", point=(120.0123456789012, 30.00987654321)),
        row(3, 名称="", 数据来源="", point=GRID_01),
        row(4, 状态="破损", point=GRID_10),
    ]
    do_import_components(csv_bytes(rows), "csv")
    return snapshot()


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "geojson"])
def test_export_then_import_upsert__round_trips_exactly(stored, file_format):
    exported = export_components(Component.objects.all(), file_format)
    Component.objects.filter(identifier__endswith="000004").delete()
    Component.objects.update(
        name="被改动", note="", state="lost", lon=120.019, lat=30.019, maintenance_unit=None
    )
    summary = do_import_components(exported, file_format, mode="upsert")
    assert (summary.created, summary.updated) == (1, 3)
    assert snapshot() == stored


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "geojson"])
def test_export_then_import_into_an_empty_table__round_trips(stored, file_format):
    exported = export_components(Component.objects.all(), file_format)
    Component.objects.all().delete()
    do_import_components(exported, file_format)
    assert snapshot() == stored


def test_export_csv__has_a_bom_and_the_chinese_headers(stored):
    data = export_components(Component.objects.all(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[0] == [column.zh for column in COLUMNS]
    assert records[1][0] == "33010601001000001"
    assert records[1][6] == "完好"
    assert records[1][5] == "D003"  # departments by code


def test_export_xlsx__keeps_identifiers_as_text(stored):
    data = export_components(Component.objects.all(), "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet.cell(row=2, column=1).value == "33010601001000001"
    assert sheet.cell(row=2, column=2).value == "01001"


def test_export_geojson__points_with_chinese_properties(stored):
    document = json.loads(export_components(Component.objects.all(), "geojson"))
    feature = document["features"][2]
    assert feature["geometry"] == {"type": "Point", "coordinates": [GRID_01[0], GRID_01[1]]}
    assert feature["properties"]["部件标识码"] == "33010601001000003"
    assert "经度" not in feature["properties"]


def test_export__queries_do_not_grow_with_components(stored):
    with CaptureQueriesContext(connection) as captured:
        export_components(Component.objects.all(), "csv")
    assert len(captured.captured_queries) <= 2
