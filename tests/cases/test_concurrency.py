"""Two people acting on the same case at once: exactly one wins, nothing is half-written."""

import threading

import pytest
from django.db import connection

from cityloop.cases import workflow as wf
from cityloop.cases.models import Case, CaseEvent
from cityloop.cases.states import CaseStatus
from cityloop.core.errors import Conflict
from tests.cases.world import MONDAY_9AM, build_loop_world


def test_stale_version__second_dispatcher_gets_conflict(world):
    case = world.case_in(CaseStatus.PENDING_DISPATCH)
    first, second = Case.objects.get(pk=case.pk), Case.objects.get(pk=case.pk)
    wf.dispatch_case(world.user("dispatcher"), first, department=world.sanitation)
    with pytest.raises(Conflict) as error:
        wf.dispatch_case(world.user("dispatcher"), second, department=world.municipal)
    assert error.value.code == "case_changed" and error.value.http_status == 409
    stored = Case.objects.get(pk=case.pk)
    assert stored.department == world.sanitation
    assert CaseEvent.objects.filter(case=case, action="dispatch").count() == 1


def test_expected_version_from_a_stale_page_is_refused(world):
    case = world.case_in(CaseStatus.PENDING_FILING)
    page_version = case.version
    wf.return_to_intake(world.user("shift_leader"), case, note="补充材料")
    wf.accept_case(world.user("operator"), case)
    with pytest.raises(Conflict) as error:
        wf.file_case(
            world.user("shift_leader"), case, filing_condition=world.standard, expected_version=page_version
        )
    assert error.value.code == "case_changed"


@pytest.mark.django_db(transaction=True)
def test_two_threads_dispatching_at_once__exactly_one_wins():
    if connection.vendor != "postgresql":
        pytest.skip("real concurrent writers need a server database; SQLite serialises writers anyway")
    from cityloop.core.clock import frozen_at

    with frozen_at(MONDAY_9AM):
        world = build_loop_world()
        case = world.case_in(CaseStatus.PENDING_DISPATCH)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def dispatch(department):
        from django.db import connections

        try:
            mine = Case.objects.get(pk=case.pk)
            barrier.wait(timeout=10)
            with frozen_at(MONDAY_9AM):
                wf.dispatch_case(world.user("dispatcher"), mine, department=department)
            outcomes.append("won")
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=dispatch, args=(d,)) for d in (world.sanitation, world.municipal)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert sorted(outcomes) == ["case_changed", "won"]
    assert CaseEvent.objects.filter(case=case, action="dispatch").count() == 1
    assert Case.objects.get(pk=case.pk).version == case.version + 1
