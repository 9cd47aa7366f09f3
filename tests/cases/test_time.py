"""Working time inside the loop: holidays with make-up days, the missing year, traffic lights."""

import datetime as dt

import pytest

from cityloop.cases import workflow as wf
from cityloop.cases.models import Case, CaseEvent
from cityloop.cases.states import CaseStatus
from cityloop.catalog.models import TimeLimitUnit
from cityloop.core.clock import frozen_at
from cityloop.core.errors import DomainError
from cityloop.worktime.importing import do_import_year
from cityloop.worktime.snapshot import get_default_calendar
from tests.cases.world import SHANGHAI

S = CaseStatus


def _at(*args):
    return dt.datetime(*args, tzinfo=SHANGHAI)


def test_deadline__skips_2026_national_day_and_counts_makeup_saturday(world):
    # given a 3-working-day standard and a case dispatched on Wed 30 Sep 2026 at 16:00
    world.standard.time_limit_value, world.standard.time_limit_unit = 3, TimeLimitUnit.WORK_DAYS
    world.standard.save()
    with frozen_at(_at(2026, 9, 30, 16, 0)):
        case = world.case_in(S.HANDLING)
    # then: 30 Sep 16–18 (2 h) + Thu 8 Oct (8 h) + Fri 9 Oct (8 h) + 6 h of Saturday 10 Oct,
    # the make-up working day; 1–7 Oct are holidays and are skipped
    assert case.deadline == _at(2026, 10, 10, 16, 0)


def test_deadline__reaching_a_year_without_calendar_is_refused_then_computed_after_import(world):
    world.standard.time_limit_value, world.standard.time_limit_unit = 4, TimeLimitUnit.WORK_DAYS
    world.standard.save()
    with frozen_at(_at(2026, 12, 30, 9, 0)):
        case = world.case_in(S.PENDING_DISPATCH)
        events_before = CaseEvent.objects.filter(case=case).count()
        # when the deadline would reach 2027, for which no holiday calendar exists
        with pytest.raises(DomainError) as error:
            wf.dispatch_case(world.user("dispatcher"), case)
        # then it is an explicit refusal, nothing is written
        assert error.value.code == "calendar_year_missing" and error.value.details["year"] == 2027
        assert Case.objects.get(pk=case.pk).status == S.PENDING_DISPATCH
        assert CaseEvent.objects.filter(case=case).count() == events_before
        # and once an administrator imports 2027 (元旦 1–3 Jan off; no make-up day that week)
        rows = [(dt.date(2027, 1, 1), "holiday", "元旦")]
        do_import_year(get_default_calendar(), 2027, rows)
        fresh = Case.objects.get(pk=case.pk)
        wf.dispatch_case(world.user("dispatcher"), fresh)
    # 32 working hours from Wed 30 Dec 09:00: 30 Dec (7 h) + 31 Dec (8 h) + [1 Jan holiday, 2–3 Jan
    # weekend] + Mon 4 Jan (8 h) + Tue 5 Jan (8 h) + the first hour of Wed 6 Jan
    assert fresh.deadline == _at(2027, 1, 6, 9, 0)


def test_traffic_light_queries__green_yellow_red_over_time(world):
    case = world.case_in(S.HANDLING)  # 09:00 → 15:00, 4 working hours; yellow with ≤ 20 % left
    assert case.yellow_at == _at(2026, 11, 23, 14, 12)
    for moment, light in [
        (_at(2026, 11, 23, 11, 0), "green"),
        (_at(2026, 11, 23, 14, 30), "yellow"),
        (_at(2026, 11, 23, 15, 0), "yellow"),
        (_at(2026, 11, 23, 15, 1), "red"),
    ]:
        cases = Case.objects.filter(pk=case.pk)
        found = {
            "green": cases.on_time(moment).exists(),
            "yellow": cases.nearly_overdue(moment).exists(),
            "red": cases.overdue(moment).exists(),
        }
        assert found == {k: k == light for k in found}, moment


def test_feedback__records_whether_handling_was_on_time(world):
    on_time = world.case_in(S.HANDLING)
    late = world.case_in(S.HANDLING)
    from tests.cases.world import photo

    with frozen_at(_at(2026, 11, 23, 15, 0)):
        wf.submit_feedback(world.user("handler"), on_time, note="完成", photos=[photo()])
    with frozen_at(_at(2026, 11, 23, 15, 1)):
        wf.submit_feedback(world.user("handler"), late, note="完成", photos=[photo()])
    assert on_time.events.get(action="feedback").data["on_time"] is True
    assert late.events.get(action="feedback").data["on_time"] is False


def test_stage_deadline__set_on_each_intake_stage(world):
    case = world.report()
    assert case.stage_deadline == _at(2026, 11, 23, 9, 30)  # accept within 30 working minutes
    wf.send_for_verification(world.user("operator"), case)
    assert case.stage_deadline == _at(2026, 11, 23, 10, 0)  # verify within 60
