"""Queues, filters and keyset pagination for the workbenches."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cityloop.cases import workflow as wf
from cityloop.cases.models import Case
from cityloop.cases.queries import CaseFilters, filter_cases, keyset_page, queue
from cityloop.cases.states import CaseStatus
from cityloop.core.errors import DomainError
from tests.cases.world import IN_STREET_2, SHANGHAI

S = CaseStatus


def _ids(cases):
    return {c.pk for c in cases}


def test_queues__each_post_sees_its_waiting_work(world):
    u = world.users
    waiting = world.report()
    filing = world.case_in(S.PENDING_FILING)
    dispatching = world.case_in(S.PENDING_DISPATCH)
    handling = world.case_in(S.HANDLING)
    wf.request_extension(u["handler"], handling, hours=2, note="x")
    checking = world.case_in(S.CHECKING)
    assert _ids(queue(u["operator"], "pending_acceptance")) == {waiting.pk}
    assert _ids(queue(u["shift_leader"], "pending_filing")) == {filing.pk}
    assert _ids(queue(u["dispatcher"], "pending_dispatch")) == {dispatching.pk}
    assert _ids(queue(u["handler"], "department")) == {handling.pk}
    assert _ids(queue(u["handler_2"], "department")) == set()
    assert _ids(queue(u["shift_leader"], "pending_approvals")) == {handling.pk}
    assert _ids(queue(u["inspector"], "check_tasks")) == {checking.pk}
    assert _ids(queue(u["inspector_2"], "check_tasks")) == set()
    with pytest.raises(DomainError) as error:
        queue(u["operator"], "everything")
    assert error.value.code == "queue_unknown"


def test_filters__status_region_text_dates_and_light(world):
    u = world.users
    in_1 = world.report(description="人行道上有大量建筑垃圾")
    in_2 = world.report(by="inspector_2", at=IN_STREET_2, address="和平路88号")
    handling = world.case_in(S.HANDLING)
    all_cases = Case.objects.visible_to(u["leader"])
    street_2 = world.city.streets[1].pk
    assert _ids(filter_cases(all_cases, CaseFilters(region_id=street_2))) == {in_2.pk}
    assert _ids(filter_cases(all_cases, CaseFilters(text="建筑垃圾"))) == {in_1.pk}
    assert _ids(filter_cases(all_cases, CaseFilters(text="和平路"))) == {in_2.pk}
    assert _ids(filter_cases(all_cases, CaseFilters(statuses=[S.HANDLING]))) == {handling.pk}
    today = dt.date(2026, 11, 23)
    assert len(filter_cases(all_cases, CaseFilters(created_from=today, created_to=today))) == 3
    assert not filter_cases(all_cases, CaseFilters(created_from=today + dt.timedelta(days=1))).exists()
    from cityloop.core.clock import frozen_at

    with frozen_at(dt.datetime(2026, 11, 23, 16, 0, tzinfo=SHANGHAI)):
        assert _ids(filter_cases(all_cases, CaseFilters(light="red"))) == {handling.pk}
        assert not filter_cases(all_cases, CaseFilters(light="green")).exists()
    with pytest.raises(DomainError) as error:
        filter_cases(all_cases, CaseFilters(created_from=today, created_to=today - dt.timedelta(days=1)))
    assert error.value.code == "date_range_reversed"


def test_keyset_pages__walk_every_case_once_in_order(world):
    cases = [world.report() for _ in range(7)]
    seen, cursor = [], None
    while True:
        page = keyset_page(Case.objects.visible_to(world.user("leader")), after=cursor, size=3)
        seen.extend(c.pk for c in page.items)
        cursor = page.next_cursor
        if cursor is None:
            break
    assert seen == sorted((c.pk for c in cases), reverse=True)


def test_keyset_pages__deadline_order_most_urgent_first(world):
    from cityloop.core.clock import frozen_at

    later = world.case_in(S.HANDLING)
    with frozen_at(dt.datetime(2026, 11, 23, 8, 0, tzinfo=SHANGHAI)):
        sooner = world.case_in(S.HANDLING)
    first = keyset_page(Case.objects.all(), order="deadline", size=1)
    second = keyset_page(Case.objects.all(), order="deadline", size=1, after=first.next_cursor)
    assert [first.items[0].pk, second.items[0].pk] == [sooner.pk, later.pk]
    assert second.next_cursor is None


@pytest.mark.parametrize("cursor", ["%%%", "bm90LWpzb24", "W10"])
def test_keyset_pages__bad_cursor_is_a_clear_error(world, cursor):
    with pytest.raises(DomainError) as error:
        keyset_page(Case.objects.all(), after=cursor)
    assert error.value.code == "cursor_invalid"


def test_queue_page__query_count_does_not_grow_with_rows(world):
    user = world.user("operator")
    counts = []
    for batch in (2, 20):
        for _ in range(batch):
            world.report()
        user = type(user).objects.get(pk=user.pk)  # fresh, no cached scopes
        with CaptureQueriesContext(connection) as queries:
            page = keyset_page(queue(user, "pending_acceptance").select_related("category", "grid"), size=50)
            [(c.category.name, c.grid.code) for c in page.items]
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 4
