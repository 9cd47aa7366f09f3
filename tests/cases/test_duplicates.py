"""Likely duplicates and merging."""

import datetime as dt

import pytest

from cityloop.cases import workflow as wf
from cityloop.cases.duplicates import distance_m
from cityloop.cases.states import CaseStatus
from cityloop.core.clock import frozen_at
from cityloop.core.errors import DomainError
from tests.cases.world import IN_STREET_1


def test_distance_m__one_thousandth_degree_of_latitude_is_about_111_m():
    assert distance_m(120.0, 30.0, 120.0, 30.001) == pytest.approx(111.2, abs=0.5)


def test_report_near_open_case_of_same_category__flagged_with_nearest_original(world):
    original = world.report()
    near = world.report(at=(IN_STREET_1[0] + 0.0002, IN_STREET_1[1]))  # ~19 m east
    far = world.report(at=(IN_STREET_1[0] + 0.001, IN_STREET_1[1]))  # ~96 m east
    assert near.duplicate_of == original
    assert far.duplicate_of is None


def test_closed_case_is_not_an_original(world):
    world.case_in(CaseStatus.CLOSED)
    assert world.report().duplicate_of is None


def test_case_older_than_the_window_is_not_an_original(world, settings):
    settings.CITYLOOP_DUPLICATE_WINDOW_HOURS = 24
    original = world.report()
    with frozen_at(original.created_at + dt.timedelta(hours=25)):
        assert world.report().duplicate_of is None
    with frozen_at(original.created_at + dt.timedelta(hours=23)):
        assert world.report().duplicate_of == original


def test_other_category_is_not_an_original(world):
    from cityloop.catalog.models import Category

    world.report()
    other = Category.objects.create(
        scheme=world.category.scheme,
        kind="event",
        major=world.category.major,
        code="06002",
        minor_code="002",
        name="积存垃圾渣土",
    )
    assert world.report(category=other).duplicate_of is None


def test_merge__counts_as_duplicate_and_keeps_its_record(world):
    original = world.report()
    duplicate = world.report(source="citizen", by="operator", photos=[])
    wf.merge_duplicate(world.user("operator"), duplicate, original=original, note="同一处垃圾")
    duplicate.refresh_from_db()
    assert (duplicate.status, duplicate.merged_into, duplicate.source) == (
        CaseStatus.MERGED,
        original,
        "citizen",
    )
    with pytest.raises(DomainError) as error:
        wf.merge_duplicate(world.user("operator"), original, original=original)
    assert error.value.code == "merge_into_itself"
