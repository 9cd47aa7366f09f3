"""How the case loop uses working time: handling deadlines, the yellow mark, stage limits (DESIGN §3).

The arithmetic itself is ``cityloop.worktime``'s; this module only decides which rule applies when.
Each function takes the calendar snapshot so one transition loads the calendar once.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings

from cityloop.catalog.models import TimeLimitUnit
from cityloop.worktime.deadlines import (
    add_time,
    add_working_time,
    is_natural_unit,
    working_time_between,
)
from cityloop.worktime.snapshot import CalendarSnapshot, get_calendar_snapshot

# Working minutes allowed for each intake stage unless settings say otherwise (DESIGN §2).
DEFAULT_STAGE_LIMITS = {"accept": 30, "verify": 60, "file": 30, "dispatch": 30, "check": 60, "close": 30}


def calendar() -> CalendarSnapshot:
    return get_calendar_snapshot(None)


def handling_deadline(start: datetime, value: int, unit: str, cal: CalendarSnapshot) -> datetime:
    return add_time(start, value, unit, cal)


def yellow_mark(start: datetime, deadline: datetime, unit: str, cal: CalendarSnapshot) -> datetime:
    """The moment only ``CITYLOOP_YELLOW_SHARE`` of the time is left; a case is yellow from then."""
    share = float(getattr(settings, "CITYLOOP_YELLOW_SHARE", 0.2))
    if is_natural_unit(unit):
        return start + (deadline - start) * (1 - share)
    total = working_time_between(start, deadline, cal)
    return add_working_time(start, total * (1 - share), cal)


def extended_deadline(deadline: datetime, hours: int, unit: str, cal: CalendarSnapshot) -> datetime:
    """An approved extension of ``hours``: working hours for working-time limits, else natural hours."""
    extra_unit = TimeLimitUnit.NATURAL_HOURS if is_natural_unit(unit) else TimeLimitUnit.WORK_HOURS
    return add_time(deadline, hours, extra_unit, cal)


def resumed_deadline(
    deadline: datetime, suspended_at: datetime, resumed_at: datetime, unit: str, cal: CalendarSnapshot
) -> datetime:
    """Suspension (挂账) stops the clock: the deadline moves by the time suspended before it ran out."""
    if suspended_at >= deadline or resumed_at <= suspended_at:
        return deadline
    if is_natural_unit(unit):
        return deadline + (resumed_at - suspended_at)
    return add_working_time(deadline, working_time_between(suspended_at, resumed_at, cal), cal)


def stage_deadline(stage: str, start: datetime, cal: CalendarSnapshot) -> datetime:
    limits = {**DEFAULT_STAGE_LIMITS, **getattr(settings, "CITYLOOP_STAGE_LIMITS", {})}
    return add_working_time(start, timedelta(minutes=limits[stage]), cal)
