"""Demo accounts: someone for every post, scoped the way a bureau would scope them.

Every user is flagged ``is_demo`` and has the published password ``demo-<username>``. Because the
passwords are public anyway, their PBKDF2 hashes use few iterations so hundreds of accounts take a
second, not minutes; Django re-hashes with the full count at the first sign-in.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

from django.contrib.auth.hashers import PBKDF2PasswordHasher, get_hasher, make_password

from cityloop.accounts.models import User
from cityloop.demo.departments import DISTRICT_DEPARTMENTS, DemoDepartments, DistrictDepartments
from cityloop.demo.names import NameGenerator
from cityloop.demo.places import StoredPlaces
from cityloop.geo.models import Region
from cityloop.org.models import Department, DepartmentKind, Post, PostAssignment

DEMO_PBKDF2_ITERATIONS = 10_000
ADMIN_USERNAME = "admin"
OPERATORS_PER_DISTRICT = 3
SHIFT_LEADERS_PER_DISTRICT = 2
DISPATCHERS_PER_DISTRICT = 2
HANDLED_KINDS = (DepartmentKind.PROFESSIONAL, DepartmentKind.COOPERATING_UNIT)
# Coordinating bodies have staff, but nobody there handles cases.
NOT_HANDLING = frozenset({"CGW"})


def demo_password(username: str) -> str:
    return f"demo-{username}"


def _hash(password: str) -> str:
    hasher = get_hasher("default")
    if isinstance(hasher, PBKDF2PasswordHasher):
        return hasher.encode(password, hasher.salt(), iterations=DEMO_PBKDF2_ITERATIONS)
    return make_password(password)


@dataclass
class AccountSpec:
    username: str
    post: str
    department: Department | None
    regions: list[Region] = field(default_factory=list)
    scope_departments: list[Department] = field(default_factory=list)


def inspectors_per_street(streets: int) -> int:
    return 3 if streets <= 60 else 2


def account_specs(places: StoredPlaces, departments: DemoDepartments) -> list[AccountSpec]:
    """Who gets an account, in the order the table prints them."""
    specs: list[AccountSpec] = []
    several = len(departments.districts) > 1
    streets = places.of_level("street")
    per_street = inspectors_per_street(len(streets))
    for group in departments.districts:
        prefix = f"d{group.district.code[-2:]}-" if several else ""
        specs.extend(_district_specs(group, prefix, per_street, streets))
    city = departments.committee
    specs.append(AccountSpec("leader", Post.LEADER, city))
    specs.append(AccountSpec("sysadmin", Post.SYSTEM_ADMIN, city))
    specs.append(AccountSpec("secadmin", Post.SECURITY_ADMIN, city))
    specs.append(AccountSpec("auditadmin", Post.AUDIT_ADMIN, city))
    return specs


def _district_specs(
    group: DistrictDepartments, prefix: str, per_street: int, streets: list[Region]
) -> list[AccountSpec]:
    district, by_key = group.district, group.by_key
    specs = []
    for street in streets:
        if street.code.startswith(district.code):
            for n in range(1, per_street + 1):
                specs.append(
                    AccountSpec(
                        f"{prefix}inspector-{street.code[-3:]}-{n}", Post.INSPECTOR, by_key["JDZX"], [street]
                    )
                )
    for n in range(1, OPERATORS_PER_DISTRICT + 1):
        specs.append(AccountSpec(f"{prefix}operator-{n}", Post.OPERATOR, by_key["JDZX"], [district]))
    for n in range(1, SHIFT_LEADERS_PER_DISTRICT + 1):
        specs.append(AccountSpec(f"{prefix}shiftleader-{n}", Post.SHIFT_LEADER, by_key["ZHZX"], [district]))
    for n in range(1, DISPATCHERS_PER_DISTRICT + 1):
        specs.append(AccountSpec(f"{prefix}dispatcher-{n}", Post.DISPATCHER, by_key["ZHZX"], [district]))
    for spec in DISTRICT_DEPARTMENTS:
        if spec.kind in HANDLED_KINDS and spec.key not in NOT_HANDLING:
            department = by_key[spec.key]
            specs.append(
                AccountSpec(
                    f"{prefix}handler-{spec.key.lower()}", Post.HANDLER, department, [district], [department]
                )
            )
    for street_code, office in group.street_offices.items():
        home = [office.region] if office.region is not None else []
        specs.append(
            AccountSpec(f"{prefix}handler-jdb-{street_code[-3:]}", Post.HANDLER, office, home, [office])
        )
    return specs


def write_accounts(places: StoredPlaces, departments: DemoDepartments, seed: int) -> list[AccountSpec]:
    """Create the users, their post assignments and scopes, and the admin superuser.

    A username someone already uses (say a real ``admin``) is left alone and gets no demo account.
    """
    taken = set(User.objects.values_list("username", flat=True))
    specs = [spec for spec in account_specs(places, departments) if spec.username not in taken]
    names = NameGenerator(random.Random(f"{seed}-people"))
    users = [
        User(
            username=spec.username,
            full_name=names.person(),
            password=_hash(demo_password(spec.username)),
            is_demo=True,
        )
        for spec in specs
    ]
    if ADMIN_USERNAME not in taken:
        users.append(
            User(
                username=ADMIN_USERNAME,
                full_name="演示管理员",
                password=_hash(demo_password(ADMIN_USERNAME)),
                is_demo=True,
                is_staff=True,
                is_superuser=True,
            )
        )
    users = User.objects.bulk_create(users, batch_size=500)
    assignments = PostAssignment.objects.bulk_create(
        [
            PostAssignment(user=user, post=spec.post, department=spec.department)
            for user, spec in zip(users, specs, strict=False)
        ],
        batch_size=500,
    )
    region_links = PostAssignment.regions.through
    department_links = PostAssignment.scope_departments.through
    region_links.objects.bulk_create(
        [
            region_links(postassignment_id=a.pk, region_id=region.pk)
            for a, spec in zip(assignments, specs, strict=True)
            for region in spec.regions
        ],
        batch_size=1000,
    )
    department_links.objects.bulk_create(
        [
            department_links(postassignment_id=a.pk, department_id=department.pk)
            for a, spec in zip(assignments, specs, strict=True)
            for department in spec.scope_departments
        ],
        batch_size=1000,
    )
    return specs
