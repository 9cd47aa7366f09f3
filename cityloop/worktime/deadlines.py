"""Deadline arithmetic on a working calendar (DESIGN §3). Pure: it reads a ``CalendarSnapshot`` only.

Rules, stated once:

* 工作分钟 / 工作时 count only time inside the schedule's periods on working days. A start inside a
  break, after hours or on a day off starts counting at the next working minute. A deadline that
  falls exactly on a period end stays there: 4 工作时 from Monday 08:00 is Monday 12:00, not 14:00.
* 工作日: N 工作日 = N × the daily working time of the schedule in force on the day the clock starts
  (the first working day at or after the start), counted as working minutes. With the default
  schedule 1 工作日 = 480 工作分钟 = 8 工作时, so a case filed Monday 10:00 with 1 工作日 is due
  Tuesday 10:00, and day, hour and minute limits, extensions and suspensions all add up on one scale.
* 自然分钟 / 自然时 ignore the calendar entirely.
* A computation that needs a day of a year the calendar does not know raises
  ``CalendarYearMissing``; it never assumes that year has no holidays.

All datetimes must be timezone-aware; results are returned in the start's time zone.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Literal

from django.conf import settings

from cityloop.catalog.models import TimeLimitUnit
from cityloop.worktime.models import WorkCalendar
from cityloop.worktime.snapshot import CALENDAR_TZ, CalendarSnapshot, get_calendar_snapshot

CalendarLike = WorkCalendar | CalendarSnapshot | None
TrafficLight = Literal["green", "yellow", "red"]

NATURAL_UNITS = frozenset({TimeLimitUnit.NATURAL_MINUTES, TimeLimitUnit.NATURAL_HOURS})
_ZERO = dt.timedelta(0)


def is_natural_unit(unit: TimeLimitUnit | str) -> bool:
    """Whether ``unit`` counts wall-clock time rather than working time."""
    return TimeLimitUnit(unit) in NATURAL_UNITS


def _require_aware(*moments: dt.datetime) -> None:
    for moment in moments:
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise ValueError(f"timezone-aware datetime required, got {moment!r}")


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=CALENDAR_TZ)


def _clock_start_day(snapshot: CalendarSnapshot, start: dt.datetime) -> dt.date:
    """The first working day on which a clock started at ``start`` runs."""
    local = start.astimezone(CALENDAR_TZ)
    day = local.date()
    position = local - _midnight(day)
    while True:
        if any(end > position for _start, end in snapshot.periods_on(day)):
            return day
        day += dt.timedelta(days=1)
        position = _ZERO


def add_working_time(start: dt.datetime, amount: dt.timedelta, calendar: CalendarLike) -> dt.datetime:
    """``start`` plus ``amount`` of working time; ``start`` itself when ``amount`` is zero."""
    _require_aware(start)
    if amount < _ZERO:
        raise ValueError("amount must not be negative")
    if amount == _ZERO:
        return start
    snapshot = get_calendar_snapshot(calendar)
    local = start.astimezone(CALENDAR_TZ)
    day = local.date()
    position = local - _midnight(day)
    remaining = amount
    while True:
        for period_start, period_end in snapshot.periods_on(day):
            if position >= period_end:
                continue
            begin = max(position, period_start)
            available = period_end - begin
            if remaining <= available:
                return (_midnight(day) + begin + remaining).astimezone(start.tzinfo)
            remaining -= available
        day += dt.timedelta(days=1)
        position = _ZERO


def working_time_between(start: dt.datetime, end: dt.datetime, calendar: CalendarLike) -> dt.timedelta:
    """Working time inside [start, end); zero when ``end`` is not after ``start``."""
    _require_aware(start, end)
    if end <= start:
        return _ZERO
    snapshot = get_calendar_snapshot(calendar)
    local_start = start.astimezone(CALENDAR_TZ)
    local_end = end.astimezone(CALENDAR_TZ)
    total = _ZERO
    day = local_start.date()
    while (midnight := _midnight(day)) < local_end:
        for period_start, period_end in snapshot.periods_on(day):
            overlap = min(midnight + period_end, local_end) - max(midnight + period_start, local_start)
            if overlap > _ZERO:
                total += overlap
        day += dt.timedelta(days=1)
    return total


def working_minutes_between(start: dt.datetime, end: dt.datetime, calendar: CalendarLike) -> int:
    """Whole working minutes inside [start, end) (seconds are truncated); zero if ``end`` ≤ ``start``."""
    return int(working_time_between(start, end, calendar) // dt.timedelta(minutes=1))


def limit_duration(
    start: dt.datetime, amount: int, unit: TimeLimitUnit | str, calendar: CalendarLike
) -> dt.timedelta:
    """How much (working or natural) time a limit of ``amount`` ``unit`` from ``start`` stands for."""
    if amount < 0:
        raise ValueError("amount must not be negative")
    unit = TimeLimitUnit(unit)
    if unit in (TimeLimitUnit.WORK_MINUTES, TimeLimitUnit.NATURAL_MINUTES):
        return dt.timedelta(minutes=amount)
    if unit in (TimeLimitUnit.WORK_HOURS, TimeLimitUnit.NATURAL_HOURS):
        return dt.timedelta(hours=amount)
    if amount == 0:
        return _ZERO
    snapshot = get_calendar_snapshot(calendar)
    day = _clock_start_day(snapshot, start)
    daily = sum((end - begin for begin, end in snapshot.periods_on(day)), _ZERO)
    return amount * daily


def add_time(
    start: dt.datetime, amount: int, unit: TimeLimitUnit | str, calendar: CalendarLike
) -> dt.datetime:
    """The moment a limit of ``amount`` ``unit`` started at ``start`` runs out (rules in the module doc)."""
    _require_aware(start)
    if is_natural_unit(unit):
        return start + limit_duration(start, amount, unit, calendar)
    snapshot = get_calendar_snapshot(calendar)
    return add_working_time(start, limit_duration(start, amount, unit, snapshot), snapshot)


def _merged(intervals: Iterable[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for begin, end in sorted(intervals):
        _require_aware(begin, end)
        if end <= begin:
            continue
        if merged and begin <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((begin, end))
    return merged


def deadline_for(
    start: dt.datetime,
    amount: int,
    unit: TimeLimitUnit | str,
    calendar: CalendarLike,
    *,
    extensions: Sequence[tuple[int, TimeLimitUnit | str]] = (),
    suspensions: Sequence[tuple[dt.datetime, dt.datetime]] = (),
) -> dt.datetime:
    """The deadline in force: the limit, plus approved extensions, plus the time spent suspended.

    Extensions are added one after the other to the deadline, each in its own unit. Suspensions
    (挂账, from → to; pass "now" as ``to`` for one still running) stop the clock: each pushes the
    deadline by the working time it covers, or by its natural duration when the limit is in natural
    units. Overlapping suspensions count once, time before ``start`` does not count, and a suspension
    that begins after the deadline then in force does not move it (an overdue case stays overdue).
    """
    natural = is_natural_unit(unit)
    if not natural or not all(is_natural_unit(extra_unit) for _amount, extra_unit in extensions):
        calendar = get_calendar_snapshot(calendar)
    deadline = add_time(start, amount, unit, calendar)
    for extra_amount, extra_unit in extensions:
        deadline = add_time(deadline, extra_amount, extra_unit, calendar)
    for begin, end in _merged((max(begin, start), end) for begin, end in suspensions):
        if begin >= deadline:
            break
        if natural:
            deadline += end - begin
        else:
            deadline = add_working_time(deadline, working_time_between(begin, end, calendar), calendar)
    return deadline


def _default_yellow_share() -> float:
    return float(getattr(settings, "CITYLOOP_YELLOW_SHARE", 0.2))


def traffic_light(
    now: dt.datetime,
    started_at: dt.datetime,
    deadline: dt.datetime,
    *,
    calendar: CalendarLike = None,
    natural: bool = False,
    yellow_share: float | None = None,
) -> TrafficLight:
    """Red once ``now`` is past the deadline; yellow when at most ``yellow_share`` of the time is left.

    Time is working time on ``calendar`` (the default calendar when ``None``), or wall-clock time when
    ``natural`` is true. ``yellow_share`` defaults to settings.CITYLOOP_YELLOW_SHARE (0.2). At the
    deadline itself the case is still in time (按期 means at or before the deadline): yellow.
    """
    _require_aware(now, started_at, deadline)
    if now > deadline:
        return "red"
    share = _default_yellow_share() if yellow_share is None else float(yellow_share)
    if natural:
        total = deadline - started_at
        left = deadline - max(now, started_at)
    else:
        snapshot = get_calendar_snapshot(calendar)
        total = working_time_between(started_at, deadline, snapshot)
        left = working_time_between(max(now, started_at), deadline, snapshot)
    if total <= _ZERO:
        return "yellow"
    return "yellow" if left / total <= share else "green"


def traffic_light_for_unit(
    now: dt.datetime,
    started_at: dt.datetime,
    deadline: dt.datetime,
    unit: TimeLimitUnit | str,
    *,
    calendar: CalendarLike = None,
    yellow_share: float | None = None,
) -> TrafficLight:
    """``traffic_light`` measuring time the way the case's limit ``unit`` does."""
    return traffic_light(
        now, started_at, deadline, calendar=calendar, natural=is_natural_unit(unit), yellow_share=yellow_share
    )
