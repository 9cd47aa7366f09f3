"""Every refusal of the component import: all problems reported, row and field named, nothing written."""

from __future__ import annotations

import pytest

from cityloop.assets.importing import do_import_components
from cityloop.assets.models import Component
from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected, Issue
from tests.assets.files import (
    GRID_00,
    GRID_10,
    HEADERS,
    OUTSIDE,
    csv_bytes,
    geojson_bytes,
    identifier,
    row,
    xlsx_bytes,
)

WRITERS = {"csv": csv_bytes, "xlsx": xlsx_bytes, "geojson": geojson_bytes}


def rejected(data: bytes, file_format: str = "csv", **kwargs) -> list[Issue]:
    before = Component.objects.count()
    with pytest.raises(ImportRejected) as raised:
        do_import_components(data, file_format, **kwargs)
    assert Component.objects.count() == before
    return raised.value.report.issues


def only(issues: list[Issue], code: str) -> Issue:
    matching = [issue for issue in issues if issue.code == code]
    assert len(matching) == 1, issues
    return matching[0]


@pytest.mark.parametrize("file_format", ["csv", "xlsx"])
def test_import__missing_required_header_is_a_file_level_issue(inventory, file_format):
    headers = [h for h in HEADERS if h not in ("小类代码", "纬度")]
    data = WRITERS[file_format]([row(1)], headers=headers)
    issues = rejected(data, file_format)
    assert {(i.where, i.field, i.code) for i in issues} == {
        ("第1行", "小类代码", "header_missing"),
        ("第1行", "纬度", "header_missing"),
    }


def test_import__unknown_and_duplicate_headers_are_refused(inventory):
    data = csv_bytes([row(1, 颜色="红", name="x")])
    issues = rejected(data)
    assert only(issues, "header_unknown").field == "颜色"
    assert only(issues, "header_duplicate").field == "name"


@pytest.mark.parametrize("file_format", ["csv", "xlsx", "geojson"])
def test_import__reports_every_bad_row_with_its_row_number(inventory, file_format):
    rows = [
        row(1),
        row(2, 部件标识码="33010601001"),  # too short
        row(3, 小类代码="09999", 部件标识码=identifier(3, "09999")),
        row(4, 主管部门="不存在的局"),
        row(5, 状态="坏了"),
        row(6, 初始日期="2024/05/01"),
        row(7, point=OUTSIDE),
    ]
    issues = rejected(WRITERS[file_format](rows), file_format)
    # Spreadsheet rows count the header as row 1; GeoJSON features are numbered from 1.
    where = "要素#{}" if file_format == "geojson" else "第{}行"
    shift = -1 if file_format == "geojson" else 0
    found = {(i.where, i.field, i.code) for i in issues}
    assert found == {
        (where.format(3 + shift), "部件标识码", "component_identifier_malformed"),
        (where.format(4 + shift), "小类代码", "category_unknown"),
        (where.format(5 + shift), "主管部门", "department_unknown"),
        (where.format(6 + shift), "状态", "state_invalid"),
        (where.format(7 + shift), "初始日期", "date_invalid"),
        (where.format(8 + shift), "经度/纬度", "point_outside_grids"),
    }


def test_import__missing_identifier_and_coordinates_are_required(inventory):
    issues = rejected(csv_bytes([row(1, 部件标识码="", 经度="", 纬度="abc")]))
    assert {(i.where, i.field, i.code) for i in issues} == {
        ("第2行", "部件标识码", "value_required"),
        ("第2行", "经度", "value_required"),
        ("第2行", "纬度", "coordinates_invalid"),
    }


def test_import__coordinates_out_of_range_and_unknown_system(inventory):
    issues = rejected(csv_bytes([row(1, 经度=200.0), row(2, 坐标系="mercator")]))
    assert only(issues, "coordinates_out_of_range").where == "第2行"
    unknown = only(issues, "unknown_coordinate_system")
    assert (unknown.where, unknown.field) == ("第3行", "坐标系")


def test_import__an_event_category_is_not_a_component_category(inventory):
    issue = only(
        rejected(csv_bytes([row(1, 小类代码="06001", 部件标识码=identifier(1, "06001"))])), "category_unknown"
    )
    assert "事件类" in issue.message


def test_import__category_of_another_scheme_is_unknown(inventory, catalog):
    data = csv_bytes([row(1, 小类代码="0101", 部件标识码="3301060101000001")])
    assert only(rejected(data), "category_unknown").where == "第2行"
    do_import_components(data, "csv", scheme="legacy")
    assert Component.objects.get().category == catalog.legacy_manhole


def test_import__identifier_must_embed_the_row_category(inventory):
    issue = only(rejected(csv_bytes([row(1, 小类代码="01002")])), "component_identifier_category_mismatch")
    assert (issue.where, issue.field) == ("第2行", "部件标识码")


def test_import__identifier_must_embed_the_district_of_its_grid(inventory):
    issues = rejected(csv_bytes([row(1, 部件标识码=identifier(1, district="330102"))]))
    issue = only(issues, "component_identifier_district_mismatch")
    assert (issue.where, issue.field) == ("第2行", "部件标识码")
    assert "330106" in issue.message


def test_import__duplicate_identifier_names_the_first_row(inventory):
    issues = rejected(csv_bytes([row(1), row(2), row(1, point=GRID_10)]))
    issue = only(issues, "identifier_duplicate")
    assert issue.where == "第4行"
    assert "第2行" in issue.message


def test_import__identifier_already_stored_is_refused_without_upsert(inventory):
    do_import_components(csv_bytes([row(1)]), "csv")
    issues = rejected(csv_bytes([row(2), row(1)]))
    assert only(issues, "identifier_exists").where == "第3行"


def test_import__ambiguous_department_name_asks_for_the_code(inventory):
    issue = only(rejected(csv_bytes([row(1, 养护单位="养护公司")])), "department_ambiguous")
    assert (issue.where, issue.field) == ("第2行", "养护单位")


def test_import__too_long_text_is_refused(inventory):
    issue = only(rejected(csv_bytes([row(1, 名称="长" * 101)])), "value_too_long")
    assert issue.field == "名称"


def test_import__geojson_feature_without_point_geometry(inventory):
    data = geojson_bytes([row(1)]).replace(b'"Point"', b'"LineString"')
    issue = only(rejected(data, "geojson"), "coordinates_invalid")
    assert (issue.where, issue.field) == ("要素#1", "几何")


def test_import__xlsx_identifier_typed_as_a_number_is_flagged(inventory):
    data = xlsx_bytes([row(1, 部件标识码=3.3010601001e16)])
    issue = only(rejected(data, "xlsx"), "component_identifier_malformed")
    assert "文本" in issue.message


@pytest.mark.parametrize(
    ("data", "file_format", "code"),
    [
        (b"\xff\xfe\x00\x00garbage", "csv", "file_undecodable"),
        (b"\x81\x20\xff\xfe\xfa", "csv", "file_undecodable"),
        (b"not a zip", "xlsx", "file_unreadable"),
        (b"{not json", "geojson", "file_unreadable"),
        (b'{"type": "Feature"}', "geojson", "file_unreadable"),
        (b"   ", "csv", "file_empty"),
        (b"PK\x03\x04rest", "csv", "file_unreadable"),
    ],
)
def test_import__unreadable_files_are_refused_with_a_code(inventory, data, file_format, code):
    with pytest.raises(DomainError) as raised:
        do_import_components(data, file_format)
    assert raised.value.code == code
    assert Component.objects.count() == 0


def test_import__without_a_default_scheme_is_refused(inventory, catalog):
    catalog.scheme.is_default = False
    catalog.scheme.save()
    with pytest.raises(DomainError) as raised:
        do_import_components(csv_bytes([row(1)]), "csv")
    assert raised.value.code == "scheme_missing"


def test_import__grid_is_derived_even_for_clean_rows_in_the_same_file(inventory):
    # A clean row next to a bad one is not written either.
    issues = rejected(csv_bytes([row(1, point=GRID_00), row(2, 状态="?")]))
    assert [i.where for i in issues] == ["第3行"]
