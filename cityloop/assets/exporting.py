"""Exporting components with the import's own headers, so export → import (upsert) round-trips.

Departments are written by code (names may repeat), states by their Chinese label, coordinates as
stored (WGS84) with full float precision.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterator
from typing import Any

import openpyxl
from django.db.models import QuerySet

from cityloop.assets.columns import COLUMNS, STATE_LABEL
from cityloop.assets.models import Component
from cityloop.core.errors import DomainError
from cityloop.geo.coords import CoordinateSystem

EXPORT_FORMATS = ("csv", "xlsx", "geojson")
CHUNK_SIZE = 2000
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "geojson": "application/geo+json",
}


def _records(queryset: QuerySet[Component]) -> Iterator[dict[str, Any]]:
    rows = queryset.select_related(
        "category", "competent_department", "owner_unit", "maintenance_unit"
    ).iterator(chunk_size=CHUNK_SIZE)
    for component in rows:
        yield {
            "identifier": component.identifier,
            "category_code": component.category.code,
            "name": component.name,
            "competent_department": _department_code(component.competent_department),
            "owner_unit": _department_code(component.owner_unit),
            "maintenance_unit": _department_code(component.maintenance_unit),
            "state": STATE_LABEL.get(component.state, component.state),
            "initial_date": component.initial_date,
            "changed_date": component.changed_date,
            "data_source": component.data_source,
            "note": component.note,
            "lon": component.lon,
            "lat": component.lat,
            "coord_system": CoordinateSystem.WGS84.value,
        }


def _department_code(department: Any) -> str:
    return department.code if department is not None else ""


def export_components(queryset: QuerySet[Component], file_format: str) -> bytes:
    """The components of ``queryset`` as a CSV (UTF-8 with BOM), XLSX or GeoJSON file."""
    if file_format == "csv":
        return _to_csv(queryset)
    if file_format == "xlsx":
        return _to_xlsx(queryset)
    if file_format == "geojson":
        return _to_geojson(queryset)
    raise DomainError("file_format_unknown", f"不支持的导出格式“{file_format}”，可用：csv、xlsx、geojson。")


def _to_csv(queryset: QuerySet[Component]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([column.zh for column in COLUMNS])
    for record in _records(queryset):
        writer.writerow(["" if record[c.key] is None else _csv_value(record[c.key]) for c in COLUMNS])
    # The BOM makes Excel on Chinese Windows read the file as UTF-8 rather than GBK.
    return buffer.getvalue().encode("utf-8-sig")


def _csv_value(value: Any) -> str:
    return repr(value) if isinstance(value, float) else str(value)


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _to_xlsx(queryset: QuerySet[Component]) -> bytes:
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("部件")
    sheet.append([column.zh for column in COLUMNS])
    for record in _records(queryset):
        # Identifiers and codes stay text cells: as numbers Excel would round 17 digits to 15.
        sheet.append([record[column.key] for column in COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _to_geojson(queryset: QuerySet[Component]) -> bytes:
    features = []
    for record in _records(queryset):
        lon, lat = record.pop("lon"), record.pop("lat")
        record.pop("coord_system")  # GeoJSON is WGS84 by definition (RFC 7946)
        properties = {
            column.zh: _json_value(record[column.key]) for column in COLUMNS if column.key in record
        }
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    document = {"type": "FeatureCollection", "features": features}
    return json.dumps(document, ensure_ascii=False).encode("utf-8")
