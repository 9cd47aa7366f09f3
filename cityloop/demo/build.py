"""Building the demo city in the database, and reading back what a build left there.

``build_demo`` runs every step in one transaction: a failure leaves nothing behind. The city's
region code is the marker that a demo is loaded (``demo_exists``).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from cityloop.accounts.models import User
from cityloop.assets.models import Component
from cityloop.catalog.models import Category, FilingCondition
from cityloop.demo.catalogue import CatalogueCounts, write_catalogue
from cityloop.demo.components import write_components
from cityloop.demo.departments import write_departments
from cityloop.demo.geometry import CITY_CODE, generate_city
from cityloop.demo.people import ADMIN_USERNAME, demo_password, write_accounts
from cityloop.demo.places import write_places
from cityloop.geo.models import Grid, Region
from cityloop.org.models import Department, PostAssignment, Responsibility

DEFAULT_SEED = 2026
DEFAULT_GRIDS = 300
DEFAULT_COMPONENTS = 20_000
STEPS = ("geometry", "places", "departments", "catalogue", "components", "accounts")
STEP_NAMES = {
    "geometry": "生成几何",
    "places": "写入区域与网格",
    "departments": "写入部门",
    "catalogue": "载入分类与责任矩阵",
    "components": "写入部件",
    "accounts": "创建账号",
}


@dataclass
class BuildReport:
    """What one build did and how long each step took (seconds)."""

    seed: int
    timings: dict[str, float] = field(default_factory=dict)
    catalogue: CatalogueCounts | None = None

    @property
    def total_seconds(self) -> float:
        return sum(self.timings.values())


def demo_exists() -> bool:
    return Region.objects.filter(code=CITY_CODE).exists()


def build_demo(
    seed: int = DEFAULT_SEED,
    grids: int = DEFAULT_GRIDS,
    components: int = DEFAULT_COMPONENTS,
    districts: int = 1,
    on_step: Callable[[str], None] | None = None,
) -> BuildReport:
    """Generate the city for ``seed`` and write all of it, in one transaction."""
    report = BuildReport(seed)
    clock = time.perf_counter()

    def done(step: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        report.timings[step] = now - clock
        clock = now
        if on_step is not None:
            on_step(step)

    city = generate_city(seed, grids=grids, districts=districts)
    done("geometry")
    with transaction.atomic():
        places = write_places(city)
        done("places")
        departments = write_departments(places)
        done("departments")
        report.catalogue = write_catalogue(city, places, departments, seed)
        done("catalogue")
        write_components(city, places, departments, components, seed)
        done("components")
        write_accounts(places, departments, seed)
        done("accounts")
    return report


@dataclass(frozen=True)
class AccountRow:
    username: str
    password: str
    post: str
    scope: str


def demo_accounts() -> list[AccountRow]:
    """Every demo account with its published password, post and scope, in creation order."""
    rows = []
    assignments = (
        PostAssignment.objects.filter(user__is_demo=True)
        .select_related("user", "department")
        .prefetch_related("regions")
        .order_by("user_id", "post")
    )
    for assignment in assignments:
        regions = "、".join(region.name for region in assignment.regions.all()) or "全市"
        department = assignment.department.short_name if assignment.department else ""
        username = assignment.user.username
        rows.append(
            AccountRow(
                username,
                demo_password(username),
                assignment.get_post_display(),
                f"{regions} · {department}" if department else regions,
            )
        )
    if User.objects.filter(username=ADMIN_USERNAME, is_demo=True).exists():
        rows.append(AccountRow(ADMIN_USERNAME, demo_password(ADMIN_USERNAME), "超级用户", "Django 管理后台"))
    return rows


def demo_counts() -> dict[str, int]:
    """Row counts of what the demo fills, labelled in Chinese for the command's output."""
    return {
        "行政区域": Region.objects.count(),
        "单元网格": Grid.objects.count(),
        "部门": Department.objects.count(),
        "分类小类": Category.objects.count(),
        "立结案标准": FilingCondition.objects.count(),
        "责任矩阵": Responsibility.objects.count(),
        "部件": Component.objects.count(),
        "演示账号": User.objects.filter(is_demo=True).count(),
    }
