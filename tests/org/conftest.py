from collections.abc import Callable

import pytest

from cityloop.catalog.models import Category, CategoryKind, MajorCategory, Scheme
from cityloop.org.models import Department, DepartmentKind, DepartmentLevel


@pytest.fixture
def category(db) -> Category:
    """One event category (暴露垃圾) in a minimal scheme, without loading the whole seed."""
    scheme = Scheme.objects.create(
        code="test", name="测试方案", category_code_length=5, component_identifier_length=17
    )
    major = MajorCategory.objects.create(scheme=scheme, kind=CategoryKind.EVENT, code="06", name="市容环境类")
    return Category.objects.create(
        scheme=scheme, kind=CategoryKind.EVENT, major=major, code="06010", minor_code="010", name="暴露垃圾"
    )


@pytest.fixture
def make_department(db) -> Callable[..., Department]:
    """Build a department: ``make_department("环卫处")``; code defaults from the name."""

    def make(name: str, **fields) -> Department:
        values = {
            "code": f"D{Department.objects.count() + 1:03d}",
            "level": DepartmentLevel.DISTRICT,
            "kind": DepartmentKind.PROFESSIONAL,
        }
        return Department.objects.create(name=name, **{**values, **fields})

    return make
