"""Coordinate systems accepted at the edges, converted to WGS84 on the way in (DESIGN §5).

We store WGS84 longitude/latitude and treat CGCS2000 as the same (they differ by decimetres).
GCJ-02 (AMap, Tencent, WeChat) and BD-09 (Baidu) are obfuscated systems; we convert them with
prcoords' iterative ("bored") inverses, accurate to well under a millimetre. Like the published
implementations, points outside mainland China's rough bounds are not offset.
"""

from __future__ import annotations

import math

import prcoords
from django.db import models
from django.utils.translation import gettext_lazy as _

from cityloop.core.errors import DomainError


class CoordinateSystem(models.TextChoices):
    WGS84 = "wgs84", _("WGS84（GPS）")
    CGCS2000 = "cgcs2000", _("CGCS2000（按 WGS84 处理）")
    GCJ02 = "gcj02", _("GCJ-02（高德、腾讯、微信）")
    BD09 = "bd09", _("BD-09（百度）")


def _check(lon: float, lat: float) -> tuple[float, float]:
    try:
        lon, lat = float(lon), float(lat)
    except (TypeError, ValueError):
        raise DomainError("coordinates_out_of_range", "经纬度必须是数字。") from None
    if not (math.isfinite(lon) and math.isfinite(lat)):
        raise DomainError("coordinates_out_of_range", "经纬度必须是有限的数字。")
    if not (-180.0 <= lon <= 180.0 and -90.0 <= lat <= 90.0):
        raise DomainError(
            "coordinates_out_of_range",
            f"经纬度超出范围：经度应在 ±180 之内、纬度在 ±90 之内，实际为 ({lon}, {lat})。",
        )
    return lon, lat


def _system(system: str) -> CoordinateSystem:
    try:
        return CoordinateSystem(system)
    except ValueError:
        known = "、".join(CoordinateSystem.values)
        raise DomainError("unknown_coordinate_system", f"未知的坐标系“{system}”，可选：{known}。") from None


def _offset_applies(lon: float, lat: float) -> bool:
    return prcoords.sanity_in_china_p(prcoords.Coords(lat, lon))


def to_wgs84(lon: float, lat: float, system: str) -> tuple[float, float]:
    """Convert a point given in ``system`` to WGS84 ``(lon, lat)``."""
    kind = _system(system)
    lon, lat = _check(lon, lat)
    if kind in (CoordinateSystem.WGS84, CoordinateSystem.CGCS2000) or not _offset_applies(lon, lat):
        return lon, lat
    source = prcoords.Coords(lat, lon)
    result = (
        prcoords.gcj_wgs_bored(source) if kind == CoordinateSystem.GCJ02 else prcoords.bd_wgs_bored(source)
    )
    return result.lon, result.lat


def from_wgs84(lon: float, lat: float, system: str) -> tuple[float, float]:
    """Convert a WGS84 point to ``(lon, lat)`` in ``system`` (e.g. to draw it on an AMap layer)."""
    kind = _system(system)
    lon, lat = _check(lon, lat)
    if kind in (CoordinateSystem.WGS84, CoordinateSystem.CGCS2000) or not _offset_applies(lon, lat):
        return lon, lat
    source = prcoords.Coords(lat, lon)
    result = (
        prcoords.wgs_gcj(source, False) if kind == CoordinateSystem.GCJ02 else prcoords.wgs_bd(source, False)
    )
    return result.lon, result.lat
