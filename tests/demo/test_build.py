"""The demo city in the database: determinism, components in their grids, matrix, accounts."""

from __future__ import annotations

import numpy as np
from django.db import transaction

from cityloop.accounts.models import User
from cityloop.assets.identifiers import parse_component_identifier
from cityloop.assets.models import Component, ComponentState
from cityloop.catalog.models import Category, FilingCondition
from cityloop.demo.build import build_demo
from cityloop.demo.catalogue import DEMO_MARK, PARK_HANDLED, STREET_HANDLED, route_category
from cityloop.geo.geocoding import build_grid_index
from cityloop.geo.models import Grid, GridIndexRevision, Region, RegionLevel
from cityloop.org.models import Department, DepartmentKind, Post, PostAssignment, Responsibility
from cityloop.org.responsibility import get_responsible_department
from tests.demo.conftest import COMPONENTS, GRIDS, SEED
from tests.demo.fingerprints import database_fingerprint


def test_build_demo__same_seed_twice_gives_identical_databases(db):
    savepoint = transaction.savepoint()
    build_demo(SEED, grids=GRIDS, components=COMPONENTS)
    first = database_fingerprint()
    transaction.savepoint_rollback(savepoint)
    assert not Region.objects.exists()

    build_demo(SEED, grids=GRIDS, components=COMPONENTS)

    assert database_fingerprint() == first


def test_build_demo__another_seed_gives_another_database(db):
    savepoint = transaction.savepoint()
    build_demo(SEED, grids=GRIDS, components=COMPONENTS)
    first = database_fingerprint()
    transaction.savepoint_rollback(savepoint)

    build_demo(SEED + 1, grids=GRIDS, components=COMPONENTS)

    assert database_fingerprint() != first


def test_build_demo__writes_regions_grids_versions_and_bumps_the_index(demo):
    assert Grid.objects.count() == GRIDS
    assert Region.objects.filter(level=RegionLevel.CITY).count() == 1
    assert not Region.objects.filter(boundary__isnull=True).exists()
    assert GridIndexRevision.objects.get(pk=1).revision >= 1
    grid = Grid.objects.prefetch_related("versions").first()
    assert grid is not None
    version = grid.versions.get()
    assert version.number == 1 and version.valid_to is None
    assert 20_000 < version.area_m2 < 1_500_000
    assert version.min_lon < version.max_lon and version.min_lat < version.max_lat


def test_build_demo__every_component_lies_in_its_grid(demo):
    rows = list(Component.objects.values_list("lon", "lat", "grid_id"))
    index = build_grid_index()

    located = index.locate_many(np.array([(lon, lat) for lon, lat, _ in rows]))

    assert len(rows) == COMPONENTS
    assert [loc.grid_id if loc else None for loc in located] == [grid_id for _, _, grid_id in rows]


def test_build_demo__component_identifiers_embed_district_and_category(demo):
    components = Component.objects.select_related("category__scheme", "grid", "competent_department")
    for component in components:
        parsed = parse_component_identifier(component.identifier, 17)
        assert parsed.district_code == component.grid.code[:6]
        assert parsed.category_code == component.category.code
        assert component.category.scheme.is_default
        assert component.competent_department is not None
        assert component.competent_department.code.endswith(route_category(component.category))
    states = list(Component.objects.values_list("state", flat=True))
    assert states.count(ComponentState.INTACT) > 0.8 * len(states)
    assert len(set(states)) > 2


def test_build_demo__component_mix_is_skewed_to_covers_lamps_trees_and_bins(demo):
    names = list(Component.objects.values_list("category__name", flat=True))
    common = sum(1 for n in names if "井盖" in n or n in {"路灯", "行道树", "垃圾箱", "雨水箅子"})

    assert common > 0.5 * len(names)


def test_build_demo__department_tree_has_centres_professionals_and_one_office_per_street(demo):
    departments = Department.objects.all()
    kinds = {d.kind for d in departments}

    assert 30 <= departments.count() <= 60
    assert set(DepartmentKind.values) <= kinds
    assert departments.filter(parent__isnull=True).count() == 1
    streets = Region.objects.filter(level=RegionLevel.STREET)
    offices = departments.filter(kind=DepartmentKind.STREET_OFFICE)
    assert sorted(o.region_id for o in offices) == sorted(s.pk for s in streets)


def test_build_demo__every_default_category_has_a_filing_condition_with_a_department(demo):
    categories = Category.objects.in_default_scheme()
    uncovered = categories.exclude(filing_conditions__isnull=False)

    assert not uncovered.exists()
    conditions = FilingCondition.objects.filter(category__scheme__is_default=True)
    assert not conditions.filter(default_department__isnull=True).exists()
    demo_rows = conditions.filter(description__startswith=DEMO_MARK)
    assert demo_rows.exists() and conditions.exclude(description__startswith=DEMO_MARK).exists()
    assert all(c.closing_condition.startswith(DEMO_MARK) for c in demo_rows)


def test_build_demo__matrix_precedence_grid_over_street_over_catch_all(demo):
    park = Grid.objects.get(name__endswith="公园")
    both = sorted(PARK_HANDLED & STREET_HANDLED)[0]
    category = Category.objects.in_default_scheme().events().get(name=both)
    neighbour = Grid.objects.filter(community__parent=park.community.parent).exclude(pk=park.pk).first()
    street_office = Department.objects.get(kind=DepartmentKind.STREET_OFFICE, region=park.community.parent)
    catch_all = Responsibility.objects.get(category=category, region__isnull=True, grid__isnull=True)

    assert get_responsible_department(category, park).short_name == "园林所"
    assert get_responsible_department(category, neighbour) == street_office
    assert get_responsible_department(category, None) == catch_all.department
    assert catch_all.department != street_office
    every_category = Category.objects.active().count()
    assert Responsibility.objects.filter(region__isnull=True, grid__isnull=True).count() == every_category


def test_build_demo__accounts_exist_for_every_post_and_are_demo(demo):
    posts = set(PostAssignment.objects.values_list("post", flat=True))

    assert posts == set(Post.values)
    assert not User.objects.filter(is_demo=False).exists()
    admin = User.objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff and admin.check_password("demo-admin")
    inspector = User.objects.filter(post_assignments__post=Post.INSPECTOR).first()
    assert inspector is not None and inspector.check_password(f"demo-{inspector.username}")
    streets = Region.objects.filter(level=RegionLevel.STREET)
    for street in streets:
        assert PostAssignment.objects.filter(post=Post.INSPECTOR, regions=street).count() >= 2
    handler_departments = set(
        PostAssignment.objects.filter(post=Post.HANDLER).values_list("department__kind", flat=True)
    )
    assert DepartmentKind.STREET_OFFICE in handler_departments


def test_build_demo__leaves_an_existing_admin_and_catch_all_line_alone(db):
    from cityloop.catalog.loading import load_all_schemes
    from cityloop.org.models import DepartmentLevel

    User.objects.create_user("admin", password="own-secret")
    load_all_schemes()
    category = Category.objects.in_default_scheme().events().get(name="暴露垃圾")
    own = Department.objects.create(
        code="OWN", name="本局环卫处", level=DepartmentLevel.DISTRICT, kind=DepartmentKind.PROFESSIONAL
    )
    Responsibility.objects.create(category=category, department=own)

    build_demo(SEED, grids=GRIDS, components=50)

    admin = User.objects.get(username="admin")
    assert not admin.is_demo and admin.check_password("own-secret")
    assert (
        Responsibility.objects.get(category=category, region__isnull=True, grid__isnull=True).department
        == own
    )
    assert User.objects.filter(is_demo=True, post_assignments__post=Post.DISPATCHER).exists()
