"""Component files built in tests: rows as dicts keyed by header, written as CSV, XLSX or GeoJSON."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import openpyxl

HEADERS = [
    "部件标识码",
    "小类代码",
    "名称",
    "主管部门",
    "权属单位",
    "养护单位",
    "状态",
    "初始日期",
    "变更日期",
    "数据来源",
    "备注",
    "经度",
    "纬度",
]
# Centres of the square city's grids: column 0 is street 001, column 1 street 002.
GRID_00 = (120.005, 30.005)
GRID_10 = (120.015, 30.005)
GRID_01 = (120.005, 30.015)
OUTSIDE = (121.5, 31.2)


def identifier(serial: int, category_code: str = "01001", district: str = "330106") -> str:
    return f"{district}{category_code}{serial:06d}"


def row(serial: int = 1, *, point: tuple[float, float] = GRID_00, **overrides: Any) -> dict[str, Any]:
    values: dict[str, Any] = {
        "部件标识码": identifier(serial),
        "小类代码": "01001",
        "名称": f"井盖{serial}",
        "主管部门": "D001",
        "权属单位": "区水务局",
        "养护单位": "",
        "状态": "完好",
        "初始日期": "2024-05-01",
        "变更日期": "",
        "数据来源": "普查",
        "备注": "",
        "经度": point[0],
        "纬度": point[1],
    }
    values.update(overrides)
    return values


def headers_of(rows: list[dict[str, Any]]) -> list[str]:
    headers = list(HEADERS)
    for values in rows:
        headers += [key for key in values if key not in headers]
    return headers


def csv_bytes(
    rows: list[dict[str, Any]], *, encoding: str = "utf-8-sig", headers: list[str] | None = None
) -> bytes:
    headers = headers or headers_of(rows)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(headers)
    for values in rows:
        writer.writerow(["" if values.get(h) is None else values.get(h) for h in headers])
    return buffer.getvalue().encode(encoding)


def xlsx_bytes(rows: list[dict[str, Any]], *, headers: list[str] | None = None) -> bytes:
    headers = headers or headers_of(rows)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for values in rows:
        sheet.append([values.get(h) for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def geojson_bytes(rows: list[dict[str, Any]]) -> bytes:
    features = []
    for values in rows:
        properties = {k: v for k, v in values.items() if k not in ("经度", "纬度")}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [values["经度"], values["纬度"]]},
                "properties": properties,
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False).encode()
