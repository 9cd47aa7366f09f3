"""The columns of a component file, shared by import and export so the two always agree.

Each column has a Chinese header (what exports write) and an English alias; imports accept either.
"""

from __future__ import annotations

from dataclasses import dataclass

from cityloop.assets.models import ComponentState


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    en: str
    required: bool = False
    max_length: int | None = None


COLUMNS: tuple[Column, ...] = (
    Column("identifier", "部件标识码", "identifier", required=True),
    Column("category_code", "小类代码", "category_code", required=True),
    Column("name", "名称", "name", max_length=100),
    Column("competent_department", "主管部门", "competent_department"),
    Column("owner_unit", "权属单位", "owner_unit"),
    Column("maintenance_unit", "养护单位", "maintenance_unit"),
    Column("state", "状态", "state"),
    Column("initial_date", "初始日期", "initial_date"),
    Column("changed_date", "变更日期", "changed_date"),
    Column("data_source", "数据来源", "data_source", max_length=64),
    Column("note", "备注", "note", max_length=300),
    Column("lon", "经度", "lon", required=True),
    Column("lat", "纬度", "lat", required=True),
    Column("coord_system", "坐标系", "coord_system"),
)
COLUMN_BY_KEY = {column.key: column for column in COLUMNS}
DEPARTMENT_KEYS = ("competent_department", "owner_unit", "maintenance_unit")
DATE_KEYS = ("initial_date", "changed_date")
TEXT_KEYS = ("name", "data_source", "note")
# In GeoJSON the location is the feature's geometry, not properties.
GEOMETRY_KEYS = ("lon", "lat", "coord_system")

_ALIASES: dict[str, str] = {}
for _column in COLUMNS:
    _ALIASES[_column.zh] = _column.key
    _ALIASES[_column.en.lower()] = _column.key

STATE_BY_TEXT: dict[str, str] = {}
for _value, _label in ComponentState.choices:
    STATE_BY_TEXT[str(_label)] = _value
    STATE_BY_TEXT[_value] = _value
STATE_LABEL = {value: str(label) for value, label in ComponentState.choices}


def column_key(header: str) -> str | None:
    """The column a header names (Chinese or English, any case, surrounding blanks ignored)."""
    text = header.strip()
    return _ALIASES.get(text) or _ALIASES.get(text.lower())


def label(key: str) -> str:
    """The Chinese header of a column, used as the field name in reports."""
    return COLUMN_BY_KEY[key].zh


def accepted_headers() -> str:
    return "、".join(f"{column.zh}/{column.en}" for column in COLUMNS)
