"""Deadline arithmetic on the default calendar, with concrete Beijing times (2026 is a known year)."""

import datetime as dt

import pytest

from cityloop.catalog.models import TimeLimitUnit as U
from cityloop.core.errors import DomainError
from cityloop.worktime.deadlines import add_time, deadline_for, working_minutes_between
from cityloop.worktime.models import ScheduleSeason, WorkPeriod, WorkSchedule
from cityloop.worktime.snapshot import CalendarSnapshot, get_calendar_snapshot, periods_from_times
from tests.worktime.conftest import at

# 2026-11-23 is a Monday; 2026-11-27 a Friday; 2026-11-28 a Saturday.


def test_work_hours__cross_the_lunch_break(snapshot):
    assert add_time(at(2026, 11, 23, 10), 4, U.WORK_HOURS, snapshot) == at(2026, 11, 23, 16)


def test_work_hours__ending_exactly_at_a_period_end_stay_there(snapshot):
    assert add_time(at(2026, 11, 23, 8), 4, U.WORK_HOURS, snapshot) == at(2026, 11, 23, 12)
    assert add_time(at(2026, 11, 23, 8), 8, U.WORK_HOURS, snapshot) == at(2026, 11, 23, 18)


@pytest.mark.parametrize(
    ("start", "amount", "unit", "expected"),
    [
        (at(2026, 11, 23, 12, 30), 1, U.WORK_HOURS, at(2026, 11, 23, 15)),  # inside lunch
        (at(2026, 11, 23, 12, 0), 30, U.WORK_MINUTES, at(2026, 11, 23, 14, 30)),  # at lunch start
        (at(2026, 11, 23, 19), 1, U.WORK_HOURS, at(2026, 11, 24, 9)),  # after hours
        (at(2026, 11, 24, 2), 30, U.WORK_MINUTES, at(2026, 11, 24, 8, 30)),  # at night
        (at(2026, 11, 28, 10), 2, U.WORK_HOURS, at(2026, 11, 30, 10)),  # on Saturday
        (at(2026, 11, 27, 17), 2, U.WORK_HOURS, at(2026, 11, 30, 9)),  # across the weekend
    ],
)
def test_work_time__starts_at_the_next_working_minute(snapshot, start, amount, unit, expected):
    assert add_time(start, amount, unit, snapshot) == expected


def test_work_time__accepts_utc_and_answers_in_the_start_zone(snapshot):
    start = at(2026, 11, 23, 10).astimezone(dt.UTC)  # 02:00 UTC
    result = add_time(start, 4, U.WORK_HOURS, snapshot)
    assert result == at(2026, 11, 23, 16)
    assert result.tzinfo == dt.UTC


def test_library_2026_national_day_arrangement_is_what_the_tests_assume(snapshot):
    # From chinesecalendar 1.11.0 (the State Council notice for 2026): 中秋 Sep 25–27, 国庆 Oct 1–7 off,
    # Sunday Sep 20 and Saturday Oct 10 worked.
    off = [dt.date(2026, 9, 25), dt.date(2026, 9, 27), dt.date(2026, 10, 1), dt.date(2026, 10, 7)]
    assert not any(snapshot.is_workday(day) for day in off)
    assert snapshot.is_workday(dt.date(2026, 9, 20))
    assert snapshot.is_workday(dt.date(2026, 10, 10))
    assert not snapshot.is_workday(dt.date(2026, 10, 11))


def test_work_hours__skip_the_2026_national_day_holiday(snapshot):
    # Wed 16–18 (2 h), Oct 1–7 off, Thu Oct 8 08–12, 14–16.
    assert add_time(at(2026, 9, 30, 16), 8, U.WORK_HOURS, snapshot) == at(2026, 10, 8, 16)


def test_work_hours__count_the_makeup_saturday_oct_10(snapshot):
    assert add_time(at(2026, 10, 9, 16), 8, U.WORK_HOURS, snapshot) == at(2026, 10, 10, 16)
    assert working_minutes_between(at(2026, 10, 10, 0), at(2026, 10, 11, 0), snapshot) == 480


def test_work_hours__count_the_makeup_sunday_sep_20(snapshot):
    assert add_time(at(2026, 9, 19, 10), 1, U.WORK_HOURS, snapshot) == at(2026, 9, 20, 9)


def test_work_days__are_480_working_minutes_each(snapshot):
    assert add_time(at(2026, 11, 23, 10), 1, U.WORK_DAYS, snapshot) == at(2026, 11, 24, 10)
    assert add_time(at(2026, 11, 27, 10), 2, U.WORK_DAYS, snapshot) == at(2026, 12, 1, 10)


def test_work_days__started_after_hours_cover_the_whole_next_working_day(snapshot):
    assert add_time(at(2026, 11, 23, 19), 1, U.WORK_DAYS, snapshot) == at(2026, 11, 24, 18)


def test_work_days__skip_mid_autumn(snapshot):
    # Thu Sep 24 10–18 (6 h), Sep 25–27 off, Mon 28 (8 h), Tue 29 (8 h), Wed 30 08–10 (2 h).
    assert add_time(at(2026, 9, 24, 10), 3, U.WORK_DAYS, snapshot) == at(2026, 9, 30, 10)


def test_natural_hours__ignore_holidays_and_the_schedule(snapshot):
    assert add_time(at(2026, 9, 30, 16), 24, U.NATURAL_HOURS, snapshot) == at(2026, 10, 1, 16)
    assert add_time(at(2026, 11, 28, 23), 90, U.NATURAL_MINUTES, snapshot) == at(2026, 11, 29, 0, 30)


def test_zero_amount__is_the_start_itself(snapshot):
    assert add_time(at(2026, 11, 28, 23), 0, U.WORK_HOURS, snapshot) == at(2026, 11, 28, 23)


def test_naive_datetimes_and_negative_amounts__are_refused(snapshot):
    with pytest.raises(ValueError, match="timezone-aware"):
        add_time(dt.datetime(2026, 11, 23, 10), 1, U.WORK_HOURS, snapshot)  # noqa: DTZ001
    with pytest.raises(ValueError, match="negative"):
        add_time(at(2026, 11, 23, 10), -1, U.WORK_HOURS, snapshot)


def test_working_minutes_between__counts_only_schedule_minutes(snapshot):
    assert working_minutes_between(at(2026, 11, 23, 11), at(2026, 11, 23, 15), snapshot) == 120
    assert working_minutes_between(at(2026, 11, 27, 17), at(2026, 11, 30, 9), snapshot) == 120
    assert working_minutes_between(at(2026, 9, 30, 0), at(2026, 10, 9, 0), snapshot) == 2 * 480
    assert working_minutes_between(at(2026, 11, 23, 15), at(2026, 11, 23, 11), snapshot) == 0


def test_extensions__add_to_the_deadline_in_their_own_units(snapshot):
    start = at(2026, 11, 23, 10)
    assert deadline_for(start, 4, U.WORK_HOURS, snapshot) == at(2026, 11, 23, 16)
    assert deadline_for(start, 4, U.WORK_HOURS, snapshot, extensions=[(2, U.WORK_HOURS)]) == at(
        2026, 11, 23, 18
    )
    extended = deadline_for(
        start, 4, U.WORK_HOURS, snapshot, extensions=[(2, U.WORK_HOURS), (1, U.WORK_DAYS)]
    )
    assert extended == at(2026, 11, 24, 18)


def test_suspension__pushes_by_its_working_minutes_only(snapshot):
    start = at(2026, 11, 23, 10)  # 8 working hours: due Tue 10:00
    # Suspended Mon 11:00–15:00 = 11–12 + 14–15 = 2 working hours.
    suspended = [(at(2026, 11, 23, 11), at(2026, 11, 23, 15))]
    assert deadline_for(start, 8, U.WORK_HOURS, snapshot, suspensions=suspended) == at(2026, 11, 24, 12)
    # Suspended over a night: only the working minutes count (17:00–09:00 = 1 h + 1 h).
    overnight = [(at(2026, 11, 23, 17), at(2026, 11, 24, 9))]
    assert deadline_for(start, 8, U.WORK_HOURS, snapshot, suspensions=overnight) == at(2026, 11, 24, 12)


def test_suspension__overlapping_intervals_count_once(snapshot):
    start = at(2026, 11, 23, 10)
    twice = [
        (at(2026, 11, 23, 11), at(2026, 11, 23, 15)),
        (at(2026, 11, 23, 11, 30), at(2026, 11, 23, 14, 30)),
    ]
    assert deadline_for(start, 8, U.WORK_HOURS, snapshot, suspensions=twice) == at(2026, 11, 24, 12)


def test_suspension__after_the_deadline_does_not_rescue_an_overdue_case(snapshot):
    start = at(2026, 11, 23, 10)
    late = [(at(2026, 11, 24, 11), at(2026, 11, 24, 15))]
    assert deadline_for(start, 8, U.WORK_HOURS, snapshot, suspensions=late) == at(2026, 11, 24, 10)


def test_suspension__of_a_natural_limit_pushes_by_natural_time(db):
    start = at(2026, 11, 23, 10)
    suspended = [(at(2026, 11, 23, 11), at(2026, 11, 23, 15))]
    # No calendar needed (and none loaded) for natural limits.
    assert deadline_for(start, 2, U.NATURAL_HOURS, None, suspensions=suspended) == at(2026, 11, 23, 16)


def test_season__switches_the_schedule_for_its_dates(default_calendar):
    summer = WorkSchedule.objects.create(name="夏季作息")
    WorkPeriod.objects.create(schedule=summer, start=dt.time(8, 0), end=dt.time(11, 30))
    WorkPeriod.objects.create(schedule=summer, start=dt.time(15, 0), end=dt.time(18, 0))
    ScheduleSeason.objects.create(
        calendar=default_calendar,
        schedule=summer,
        valid_from=dt.date(2026, 6, 1),
        valid_until=dt.date(2026, 9, 30),
    )
    snapshot = get_calendar_snapshot(default_calendar)
    # Mon 2026-07-06 10:00 + 4 h: 10–11:30 (1.5 h), 15–17:30.
    assert add_time(at(2026, 7, 6, 10), 4, U.WORK_HOURS, snapshot) == at(2026, 7, 6, 17, 30)
    # 1 工作日 in summer is 390 minutes.
    assert add_time(at(2026, 7, 6, 8), 1, U.WORK_DAYS, snapshot) == at(2026, 7, 6, 18)
    # Outside the season the default schedule holds.
    assert add_time(at(2026, 10, 12, 10), 4, U.WORK_HOURS, snapshot) == at(2026, 10, 12, 16)


def test_snapshot__refuses_an_empty_or_overlapping_schedule():
    with pytest.raises(DomainError) as empty:
        CalendarSnapshot(name="空", known_years=frozenset({2026}), special_days={}, default_periods=())
    assert empty.value.code == "work_schedule_empty"
    overlapping = periods_from_times([(dt.time(8), dt.time(12)), (dt.time(11), dt.time(13))])
    with pytest.raises(DomainError) as overlap:
        CalendarSnapshot(
            name="叠", known_years=frozenset({2026}), special_days={}, default_periods=overlapping
        )
    assert overlap.value.code == "work_periods_overlap"


def test_add_time__given_a_calendar_model_loads_it(default_calendar):
    assert add_time(at(2026, 11, 23, 10), 4, U.WORK_HOURS, default_calendar) == at(2026, 11, 23, 16)
    assert add_time(at(2026, 11, 23, 10), 4, U.WORK_HOURS, None) == at(2026, 11, 23, 16)  # the default
