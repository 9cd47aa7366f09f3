"""A small, complete world for the case loop: a 2 × 2 grid city, one category with two filing
conditions, a two-level command structure, departments, and one user per post.

``LoopWorld.case_in(status)`` walks a fresh case through the real workflow functions to the wanted
status (scenario factories in the spirit of Varaamo's ``create_for_*``), so tests start from states
that were reached legitimately.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from cityloop.accounts.models import User
from cityloop.cases import workflow as wf
from cityloop.cases.models import Case, CaseSource
from cityloop.cases.states import CaseStatus
from cityloop.catalog.models import (
    Category,
    CategoryKind,
    FilingCondition,
    MajorCategory,
    Scheme,
    TimeLimitUnit,
)
from cityloop.org.models import (
    Department,
    DepartmentKind,
    DepartmentLevel,
    Post,
    PostAssignment,
    Responsibility,
)
from tests.factories import SquareCity, build_square_city

SHANGHAI = ZoneInfo("Asia/Shanghai")
MONDAY_9AM = dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
# Inside grid (0, 0) of the square city (street 1) and grid (1, 0) (street 2).
IN_STREET_1 = (120.005, 30.005)
IN_STREET_2 = (120.015, 30.005)


def photo(name: str = "site.jpg") -> SimpleUploadedFile:
    # A real 1×1 JPEG is not needed here: content checks belong to the intake channels (issue #4).
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0fake-jpeg", content_type="image/jpeg")


@dataclass
class LoopWorld:
    city: SquareCity
    category: Category
    standard: FilingCondition  # 4 working hours
    urgent_standard: FilingCondition  # 2 natural hours
    city_center: Department
    district_center: Department
    sanitation: Department
    municipal: Department
    users: dict[str, User] = field(default_factory=dict)

    def user(self, key: str) -> User:
        return self.users[key]

    def report(self, *, by: str = "inspector", at: tuple[float, float] = IN_STREET_1, **extra: Any) -> Case:
        reporter = self.users[by] if by else None
        source = extra.pop("source", CaseSource.INSPECTOR if by == "inspector" else CaseSource.CITIZEN)
        report = wf.CaseReport(
            source=source,
            category=extra.pop("category", self.category),
            lon=at[0],
            lat=at[1],
            description=extra.pop("description", "路边有暴露垃圾"),
            address=extra.pop("address", "测试路1号"),
            photos=extra.pop("photos", [photo()]),
            **extra,
        )
        return wf.register_case(reporter, report)

    def case_in(self, status: CaseStatus, **report: Any) -> Case:
        """A case brought to ``status`` through the workflow, by the users whose post it is."""
        u = self.users
        case = self.report(**report)
        steps: list[tuple[CaseStatus, Any]] = [
            (CaseStatus.VERIFYING, lambda c: wf.send_for_verification(u["operator"], c)),
            (CaseStatus.PENDING_FILING, lambda c: wf.accept_case(u["operator"], c)),
            (
                CaseStatus.PENDING_DISPATCH,
                lambda c: wf.file_case(u["shift_leader"], c, filing_condition=self.standard),
            ),
            (CaseStatus.HANDLING, lambda c: wf.dispatch_case(u["dispatcher"], c)),
            (
                CaseStatus.SUSPENDED,
                lambda c: wf.approve_suspension(
                    u["dispatcher"], wf.request_suspension(u["handler"], c, note="等待施工")
                ),
            ),
            (
                CaseStatus.PENDING_CHECK,
                lambda c: wf.submit_feedback(u["handler"], c, note="已清理", photos=[photo()]),
            ),
            (CaseStatus.CHECKING, lambda c: wf.send_for_check(u["operator"], c)),
            (CaseStatus.PENDING_CLOSE, lambda c: wf.pass_check(u["inspector"], c)),
            (CaseStatus.CLOSED, lambda c: wf.close_case(u["shift_leader"], c)),
        ]
        if status == CaseStatus.PENDING_ACCEPTANCE:
            return case
        if status == CaseStatus.VERIFYING:
            return steps[0][1](case)
        for reached, step in steps[1:]:
            if reached == CaseStatus.SUSPENDED and status != CaseStatus.SUSPENDED:
                continue
            case = step(case)
            if reached == status:
                return case
        raise ValueError(f"no scenario reaches {status}")


def _department(
    code: str, name: str, kind: str, level: str = DepartmentLevel.DISTRICT, **extra: Any
) -> Department:
    return Department.objects.create(code=code, name=name, kind=kind, level=level, **extra)


def _user(
    world: LoopWorld, key: str, post: Post, *, regions=(), department=None, scope_departments=()
) -> User:
    user = User.objects.create_user(username=key, password="x", full_name=key)
    assignment = PostAssignment.objects.create(user=user, post=post, department=department)
    assignment.regions.set(regions)
    assignment.scope_departments.set(scope_departments)
    world.users[key] = user
    return user


def build_loop_world() -> LoopWorld:
    city = build_square_city()
    scheme = Scheme.objects.create(
        code="test-scheme",
        name="测试方案",
        category_code_length=5,
        component_identifier_length=17,
        is_default=True,
    )
    major = MajorCategory.objects.create(scheme=scheme, kind=CategoryKind.EVENT, code="06", name="市容环境类")
    category = Category.objects.create(
        scheme=scheme, kind=CategoryKind.EVENT, major=major, code="06001", minor_code="001", name="暴露垃圾"
    )
    standard = FilingCondition.objects.create(
        category=category,
        description="暴露垃圾面积超过0.5平方米",
        time_limit_value=4,
        time_limit_unit=TimeLimitUnit.WORK_HOURS,
        closing_condition="彻底清理",
    )
    urgent = FilingCondition.objects.create(
        category=category,
        description="堵塞主干道",
        time_limit_value=2,
        time_limit_unit=TimeLimitUnit.NATURAL_HOURS,
        closing_condition="恢复通行",
        is_urgent=True,
        sort_order=1,
    )
    kind = DepartmentKind
    world = LoopWorld(
        city=city,
        category=category,
        standard=standard,
        urgent_standard=urgent,
        city_center=_department("C-CMD", "市指挥中心", kind.COMMAND_CENTER, DepartmentLevel.CITY),
        district_center=_department("D-CMD", "区指挥中心", kind.COMMAND_CENTER),
        sanitation=_department("D-HW", "区环卫所", kind.PROFESSIONAL),
        municipal=_department("D-SZ", "区市政所", kind.PROFESSIONAL),
    )
    Responsibility.objects.create(category=category, department=world.sanitation)
    district, (street_1, street_2) = city.district, city.streets
    _user(world, "inspector", Post.INSPECTOR, regions=[street_1])
    _user(world, "inspector_2", Post.INSPECTOR, regions=[street_2])
    _user(world, "operator", Post.OPERATOR, regions=[district])
    _user(world, "shift_leader", Post.SHIFT_LEADER, regions=[district])
    _user(world, "dispatcher", Post.DISPATCHER, regions=[district], department=world.district_center)
    _user(world, "city_dispatcher", Post.DISPATCHER, regions=[city.city], department=world.city_center)
    _user(world, "handler", Post.HANDLER, department=world.sanitation)
    _user(world, "handler_2", Post.HANDLER, department=world.municipal)
    _user(world, "leader", Post.LEADER)
    _user(world, "system_admin", Post.SYSTEM_ADMIN)
    _user(world, "street_2_operator", Post.OPERATOR, regions=[street_2])
    return world
