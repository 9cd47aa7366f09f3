"""Fingerprints of a demo city: one hash over everything a seed is supposed to determine."""

from __future__ import annotations

import hashlib
import json

import shapely

from cityloop.accounts.models import User
from cityloop.assets.models import Component
from cityloop.catalog.models import FilingCondition
from cityloop.demo.geometry import DemoCity
from cityloop.geo.models import GridVersion, Region
from cityloop.org.models import Department, PostAssignment, Responsibility


def _digest(lines: list[str]) -> str:
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


def _wkb(geometry: shapely.Geometry) -> str:
    return shapely.to_wkb(shapely.normalize(shapely.set_precision(geometry, 1e-7)), hex=True)


def city_fingerprint(city: DemoCity) -> str:
    lines = [f"{r.code}|{r.name}|{r.level}|{r.parent_code}|{_wkb(r.geometry)}" for r in city.regions()]
    lines += [f"{g.code}|{g.name}|{g.area_class}|{g.is_park}|{_wkb(g.geometry)}" for g in city.grids]
    return _digest(sorted(lines))


def database_fingerprint() -> str:
    lines = [
        f"R|{code}|{name}|{json.dumps(boundary, sort_keys=True)}"
        for code, name, boundary in Region.objects.values_list("code", "name", "boundary")
    ]
    lines += [
        f"G|{code}|{area_class}|{json.dumps(geometry, sort_keys=True)}|{area:.3f}"
        for code, area_class, geometry, area in GridVersion.objects.values_list(
            "grid__code", "grid__area_class", "geometry", "area_m2"
        )
    ]
    lines += [
        f"C|{ident}|{cat}|{grid}|{lon!r}|{lat!r}|{state}|{d1}|{d2}|{dept}|{maint}"
        for ident, cat, grid, lon, lat, state, d1, d2, dept, maint in Component.objects.values_list(
            "identifier",
            "category__code",
            "grid__code",
            "lon",
            "lat",
            "state",
            "initial_date",
            "changed_date",
            "competent_department__code",
            "maintenance_unit__code",
        )
    ]
    lines += [
        f"D|{code}|{name}|{kind}|{parent}|{region}"
        for code, name, kind, parent, region in Department.objects.values_list(
            "code", "name", "kind", "parent__code", "region__code"
        )
    ]
    lines += [
        f"M|{scheme}|{kind}|{code}|{region}|{grid}|{dept}"
        for scheme, kind, code, region, grid, dept in Responsibility.objects.values_list(
            "category__scheme__code",
            "category__kind",
            "category__code",
            "region__code",
            "grid__code",
            "department__code",
        )
    ]
    lines += [
        f"F|{kind}|{code}|{text}|{value}|{unit}|{dept}"
        for kind, code, text, value, unit, dept in FilingCondition.objects.values_list(
            "category__kind",
            "category__code",
            "description",
            "time_limit_value",
            "time_limit_unit",
            "default_department__code",
        )
    ]
    lines += [
        f"U|{username}|{full_name}|{is_staff}"
        for username, full_name, is_staff in User.objects.values_list("username", "full_name", "is_staff")
    ]
    for assignment in PostAssignment.objects.select_related("user", "department").prefetch_related(
        "regions", "scope_departments"
    ):
        regions = ",".join(sorted(r.code for r in assignment.regions.all()))
        scoped = ",".join(sorted(d.code for d in assignment.scope_departments.all()))
        department = assignment.department.code if assignment.department else ""
        lines.append(f"P|{assignment.user.username}|{assignment.post}|{department}|{regions}|{scoped}")
    return _digest(sorted(lines))
