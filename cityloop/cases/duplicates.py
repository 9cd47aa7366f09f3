"""Likely duplicates: a new report near an open case of the same category (issue #3 §6)."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from django.conf import settings

from cityloop.cases.models import Case
from cityloop.cases.states import FINAL_STATUSES

EARTH_RADIUS_M = 6_371_008.8


def distance_m(lon1: float, lat1: float, lon2: float, lat2: float) -> float:
    """Great-circle distance (haversine); metres-accurate at the radii used here."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlmb = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlmb / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def find_likely_original(category_id: int, lon: float, lat: float, at: datetime) -> Case | None:
    """The nearest open case of the same category within the radius and time window, if any.

    A bounding box on the indexed (lon, lat) columns narrows the candidates in SQL; the exact
    distance is then checked for the few that remain.
    """
    radius = float(getattr(settings, "CITYLOOP_DUPLICATE_RADIUS_M", 50.0))
    window = timedelta(hours=float(getattr(settings, "CITYLOOP_DUPLICATE_WINDOW_HOURS", 72.0)))
    dlat = radius / 111_320.0
    dlon = radius / (111_320.0 * max(math.cos(math.radians(lat)), 0.01))
    candidates = (
        Case.objects.filter(
            category_id=category_id,
            lon__range=(lon - dlon, lon + dlon),
            lat__range=(lat - dlat, lat + dlat),
            created_at__gte=at - window,
        )
        .exclude(status__in=FINAL_STATUSES)
        .only("id", "number", "lon", "lat", "created_at")[:50]
    )
    best: tuple[float, int, Case] | None = None
    for case in candidates:
        distance = distance_m(lon, lat, case.lon, case.lat)
        if distance <= radius and (best is None or (distance, case.pk) < best[:2]):
            best = (distance, case.pk, case)
    return best[2] if best else None
