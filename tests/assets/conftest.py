"""Small catalogue and departments for component tests, built directly (not through the loaders)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from cityloop.catalog.models import Category, CategoryKind, MajorCategory, Scheme
from cityloop.org.models import Department, DepartmentKind, DepartmentLevel
from tests.factories import SquareCity


@dataclass
class Catalog:
    scheme: Scheme
    manhole: Category  # 01001 供水井盖
    lamp: Category  # 01002 路灯
    event: Category  # 06001 暴露垃圾 (an event, never a component)
    legacy: Scheme
    legacy_manhole: Category  # 0101


def make_category(scheme: Scheme, kind: str, major_code: str, minor_code: str, name: str) -> Category:
    major, _ = MajorCategory.objects.get_or_create(
        scheme=scheme, kind=kind, code=major_code, defaults={"name": f"大类{major_code}"}
    )
    return Category.objects.create(
        scheme=scheme, kind=kind, major=major, code=major_code + minor_code, minor_code=minor_code, name=name
    )


@pytest.fixture
def catalog(db) -> Catalog:
    scheme = Scheme.objects.create(
        code="gbt47678-2026",
        name="GB/T 47678.5-2026",
        category_code_length=5,
        component_identifier_length=17,
        is_default=True,
    )
    legacy = Scheme.objects.create(
        code="legacy", name="旧标准", category_code_length=4, component_identifier_length=16
    )
    return Catalog(
        scheme=scheme,
        manhole=make_category(scheme, CategoryKind.COMPONENT, "01", "001", "供水井盖"),
        lamp=make_category(scheme, CategoryKind.COMPONENT, "01", "002", "路灯"),
        event=make_category(scheme, CategoryKind.EVENT, "06", "001", "暴露垃圾"),
        legacy=legacy,
        legacy_manhole=make_category(legacy, CategoryKind.COMPONENT, "01", "01", "上水井盖"),
    )


@pytest.fixture
def departments(db) -> dict[str, Department]:
    def make(code: str, name: str) -> Department:
        return Department.objects.create(
            code=code, name=name, level=DepartmentLevel.DISTRICT, kind=DepartmentKind.PROFESSIONAL
        )

    return {
        "water": make("D001", "区水务局"),
        "lights": make("D002", "区路灯所"),
        "twin_a": make("D003", "养护公司"),
        "twin_b": make("D004", "养护公司"),
    }


@pytest.fixture
def inventory(square_city: SquareCity, catalog: Catalog, departments: dict[str, Department]) -> SquareCity:
    """The square city with its catalogue and departments, ready for component imports."""
    return square_city
