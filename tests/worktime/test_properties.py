"""Properties of the arithmetic on an in-memory snapshot of chinesecalendar's 2024–2026 (no database)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from cityloop.catalog.models import TimeLimitUnit as U
from cityloop.worktime.deadlines import (
    add_time,
    add_working_time,
    working_minutes_between,
    working_time_between,
)
from cityloop.worktime.seeding import DEFAULT_PERIODS, chinesecalendar_special_days
from cityloop.worktime.snapshot import CALENDAR_TZ, CalendarSnapshot, periods_from_times

YEARS = (2024, 2025, 2026)
SNAPSHOT = CalendarSnapshot(
    name="库日历",
    known_years=frozenset(YEARS),
    special_days={day: kind for year in YEARS for day, kind, _name in chinesecalendar_special_days(year)},
    default_periods=periods_from_times(DEFAULT_PERIODS),
)
WORK_UNITS = [U.WORK_MINUTES, U.WORK_HOURS, U.WORK_DAYS]
MAX_AMOUNT = {U.WORK_MINUTES: 6000, U.WORK_HOURS: 100, U.WORK_DAYS: 15}

# Starts up to mid-2026 so that the largest amounts stay inside the known years.
starts = st.datetimes(
    min_value=dt.datetime(2024, 1, 1),  # noqa: DTZ001  (hypothesis wants naive bounds)
    max_value=dt.datetime(2026, 6, 30),  # noqa: DTZ001
    timezones=st.just(CALENDAR_TZ),
).map(lambda moment: moment.replace(microsecond=0))
work_units = st.sampled_from(WORK_UNITS)


def inside_schedule(moment: dt.datetime) -> bool:
    """On a working day, after a period start and no later than its end."""
    local = moment.astimezone(CALENDAR_TZ)
    midnight = dt.datetime.combine(local.date(), dt.time.min, tzinfo=CALENDAR_TZ)
    return any(begin < local - midnight <= end for begin, end in SNAPSHOT.periods_on(local.date()))


@settings(max_examples=200, deadline=None)
@given(start=starts, unit=work_units, data=st.data())
def test_add_time__is_monotonic_in_amount(start, unit, data):
    a = data.draw(st.integers(0, MAX_AMOUNT[unit]))
    b = data.draw(st.integers(a, MAX_AMOUNT[unit]))
    assert add_time(start, a, unit, SNAPSHOT) <= add_time(start, b, unit, SNAPSHOT)


@settings(max_examples=200, deadline=None)
@given(start=starts, minutes=st.integers(0, 6000))
def test_working_minutes_between__inverts_add_time(start, minutes):
    end = add_time(start, minutes, U.WORK_MINUTES, SNAPSHOT)
    assert working_minutes_between(start, end, SNAPSHOT) == minutes
    assert working_time_between(start, end, SNAPSHOT) == dt.timedelta(minutes=minutes)


@settings(max_examples=200, deadline=None)
@given(start=starts, unit=work_units, data=st.data())
def test_deadline__never_before_start_and_always_inside_the_schedule(start, unit, data):
    amount = data.draw(st.integers(1, MAX_AMOUNT[unit]))
    deadline = add_time(start, amount, unit, SNAPSHOT)
    assert deadline > start
    assert inside_schedule(deadline), deadline


@settings(max_examples=100, deadline=None)
@given(start=starts, a=st.integers(0, 3000), b=st.integers(0, 3000))
def test_adding_working_time__is_additive(start, a, b):
    one_go = add_working_time(start, dt.timedelta(minutes=a + b), SNAPSHOT)
    stepwise = add_working_time(
        add_working_time(start, dt.timedelta(minutes=a), SNAPSHOT), dt.timedelta(minutes=b), SNAPSHOT
    )
    assert one_go == stepwise


@settings(max_examples=100, deadline=None)
@given(start=starts, minutes=st.integers(0, 20_000))
def test_natural_minutes__are_plain_wall_clock_time(start, minutes):
    assert add_time(start, minutes, U.NATURAL_MINUTES, SNAPSHOT) == start + dt.timedelta(minutes=minutes)


@settings(max_examples=100, deadline=None)
@given(a=starts, b=starts, c=starts)
def test_working_time_between__adds_over_consecutive_intervals(a, b, c):
    a, b, c = sorted((a, b, c))
    assert working_time_between(a, b, SNAPSHOT) + working_time_between(
        b, c, SNAPSHOT
    ) == working_time_between(a, c, SNAPSHOT)
