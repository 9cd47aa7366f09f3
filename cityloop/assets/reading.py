"""Reading component files (CSV, XLSX, GeoJSON) into rows of raw values keyed by column.

Only the file's shape is checked here: encoding, container format, headers. What a value means is
the business of ``validating``. A file that cannot be read at all raises ``DomainError``; header
problems are collected and raised together as ``ImportRejected``.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl

from cityloop.assets.columns import COLUMNS, accepted_headers, column_key
from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected, ValidationReport

FILE_FORMATS = ("csv", "xlsx", "geojson")
HEADER_ROW = "第1行"
WHAT = "部件"

FileInput = bytes | str | Path | IO[bytes]


@dataclass
class SourceRow:
    """One data row (or feature): where it is, and its raw values by column key."""

    where: str
    values: dict[str, Any]
    geometry_error: str | None = None


@dataclass
class SourceTable:
    keys: set[str]
    rows: list[SourceRow] = field(default_factory=list)


def format_from_name(name: str) -> str | None:
    """The file format a file name's extension suggests, if any."""
    suffix = Path(name).suffix.lower()
    return {".csv": "csv", ".xlsx": "xlsx", ".geojson": "geojson", ".json": "geojson"}.get(suffix)


def read_bytes(file: FileInput) -> bytes:
    if isinstance(file, bytes):
        return file
    if isinstance(file, str | Path):
        return Path(file).read_bytes()
    if hasattr(file, "seek"):
        file.seek(0)
    return file.read()


def read_components_file(file: FileInput, file_format: str) -> SourceTable:
    if file_format not in FILE_FORMATS:
        raise DomainError(
            "file_format_unknown", f"不支持的文件格式“{file_format}”，可用：csv、xlsx、geojson。"
        )
    data = read_bytes(file)
    if not data.strip():
        raise DomainError("file_empty", "文件为空。")
    if file_format == "csv":
        return read_csv(data)
    if file_format == "xlsx":
        return read_xlsx(data)
    return read_geojson(data)


def decode_text(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030, which Excel on Chinese Windows writes."""
    if data.startswith(b"PK\x03\x04"):
        raise DomainError("file_unreadable", "这是一个 XLSX（Excel）文件，请选择 xlsx 格式导入。")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise DomainError(
            "file_undecodable",
            "文件是 UTF-16 编码（Excel“Unicode 文本”）；请另存为“CSV UTF-8”或 CSV 后再导入。",
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError as error:
        raise DomainError(
            "file_undecodable",
            f"无法识别文件编码（第 {error.start} 字节处既不是 UTF-8 也不是 GB18030/GBK）；"
            "请在 Excel 中另存为“CSV UTF-8（逗号分隔）”后再导入。",
        ) from None


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def _resolve_headers(headers: Iterable[Any], where: str, report: ValidationReport) -> list[str | None]:
    keys: list[str | None] = []
    seen: dict[str, str] = {}
    for header in headers:
        text = "" if header is None else str(header).strip()
        key = column_key(text) if text else None
        if text and key is None:
            report.add(
                where, text, "header_unknown", f"无法识别的表头“{text}”。可用表头：{accepted_headers()}。"
            )
        elif key is not None and key in seen:
            report.add(where, text, "header_duplicate", f"表头“{text}”与“{seen[key]}”指同一列。")
            key = None
        elif key is not None:
            seen[key] = text
        keys.append(key)
    return keys


def _check_required(
    present: set[str], where: str, report: ValidationReport, *, skip: Iterable[str] = ()
) -> None:
    for column in COLUMNS:
        if column.required and column.key not in present and column.key not in skip:
            report.add(where, column.zh, "header_missing", f"缺少必需的列“{column.zh}”（或 {column.en}）。")


def _table_from_records(records: Iterable[list[Any]]) -> SourceTable:
    iterator = iter(records)
    header = next(iterator, None)
    if header is None:
        raise DomainError("file_empty", "文件为空，没有表头行。")
    report = ValidationReport()
    keys = _resolve_headers(header, HEADER_ROW, report)
    present = {key for key in keys if key is not None}
    _check_required(present, HEADER_ROW, report)
    if not report.ok:
        raise ImportRejected(report, WHAT)
    table = SourceTable(keys=present)
    for number, record in enumerate(iterator, start=2):
        values = {key: _clean(value) for key, value in zip(keys, record, strict=False) if key is not None}
        if any(value is not None for value in values.values()):
            table.rows.append(SourceRow(where=f"第{number}行", values=values))
    return table


def read_csv(data: bytes) -> SourceTable:
    text = decode_text(data)
    try:
        return _table_from_records(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        raise DomainError("file_unreadable", f"CSV 文件格式错误：{error}。") from None


def read_xlsx(data: bytes) -> SourceTable:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign file
        raise DomainError(
            "file_unreadable", "无法读取 XLSX 文件：文件已损坏或不是 Excel 2007 及以上格式（.xlsx）。"
        ) from None
    try:
        if not workbook.worksheets:
            raise DomainError("file_empty", "XLSX 文件中没有工作表。")
        rows = workbook.worksheets[0].iter_rows(values_only=True)
        return _table_from_records(list(row) for row in rows)
    finally:
        workbook.close()


def read_geojson(data: bytes) -> SourceTable:
    try:
        document = json.loads(decode_text(data))
    except json.JSONDecodeError as error:
        raise DomainError(
            "file_unreadable", f"GeoJSON 不是合法的 JSON：第 {error.lineno} 行 {error.msg}。"
        ) from None
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection":
        raise DomainError("file_unreadable", "GeoJSON 顶层应为 FeatureCollection。")
    features = document.get("features")
    if not isinstance(features, list):
        raise DomainError("file_unreadable", "GeoJSON 的 features 应为数组。")
    if not features:
        raise DomainError("file_empty", "GeoJSON 中没有要素。")
    report = ValidationReport()
    table = SourceTable(keys=set())
    all_keys: dict[str, str] = {}
    for number, feature in enumerate(features, start=1):
        where = f"要素#{number}"
        properties = feature.get("properties") if isinstance(feature, dict) else None
        properties = properties if isinstance(properties, dict) else {}
        values: dict[str, Any] = {}
        for name, value in properties.items():
            key = column_key(str(name))
            if key is None:
                if str(name) not in all_keys:
                    report.add(
                        where,
                        str(name),
                        "header_unknown",
                        f"无法识别的属性“{name}”。可用：{accepted_headers()}。",
                    )
                all_keys.setdefault(str(name), str(name))
            elif key in ("lon", "lat"):
                continue  # the geometry is the location
            else:
                values[key] = value if isinstance(value, str | int | float) or value is None else str(value)
                values[key] = _clean(values[key])
                table.keys.add(key)
        row = SourceRow(where=where, values=values)
        geometry = feature.get("geometry") if isinstance(feature, dict) else None
        coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
        if not isinstance(geometry, dict) or geometry.get("type") != "Point":
            row.geometry_error = "要素的几何应为 Point（点）。"
        elif not isinstance(coordinates, list) or len(coordinates) < 2:
            row.geometry_error = "Point 的坐标应为 [经度, 纬度]。"
        else:
            values["lon"], values["lat"] = coordinates[0], coordinates[1]
        table.rows.append(row)
    _check_required(table.keys | {"lon", "lat"}, "全部要素", report)
    if not report.ok:
        raise ImportRejected(report, WHAT)
    return table
