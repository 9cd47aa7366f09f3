"""A year the calendar does not know is refused loudly, warned about, and fixed by importing it."""

import datetime as dt

import pytest

from cityloop.catalog.models import TimeLimitUnit as U
from cityloop.core.clock import frozen_at
from cityloop.worktime.checks import check_calendar_years
from cityloop.worktime.deadlines import add_time, deadline_for, working_minutes_between
from cityloop.worktime.health import get_calendar_warnings, missing_calendar_years
from cityloop.worktime.importing import do_import_year
from cityloop.worktime.snapshot import CalendarYearMissing, get_calendar_snapshot
from tests.worktime.conftest import at

NOW = at(2026, 11, 23, 9)  # 39 days before 2027


def test_deadline_reaching_2027__raises_calendar_year_missing(snapshot):
    with pytest.raises(CalendarYearMissing) as raised:
        add_time(at(2026, 12, 31, 16), 4, U.WORK_HOURS, snapshot)
    assert raised.value.code == "calendar_year_missing"
    assert raised.value.year == 2027
    assert raised.value.details == {"calendar": "默认工作日历", "year": 2027}
    assert "2027" in raised.value.message


def test_deadline_ending_on_the_last_known_day__needs_no_2027(snapshot):
    assert add_time(at(2026, 12, 31, 16), 2, U.WORK_HOURS, snapshot) == at(2026, 12, 31, 18)


def test_working_minutes_and_suspensions_into_2027__raise_too(snapshot):
    with pytest.raises(CalendarYearMissing):
        working_minutes_between(at(2026, 12, 31, 16), at(2027, 1, 4, 9), snapshot)
    with pytest.raises(CalendarYearMissing):
        deadline_for(at(2026, 12, 31, 8), 2, U.WORK_DAYS, snapshot)


def test_natural_limits_into_2027__need_no_calendar(snapshot):
    assert add_time(at(2026, 12, 31, 16), 48, U.NATURAL_HOURS, snapshot) == at(2027, 1, 2, 16)


def test_missing_years__lists_years_within_the_horizon(default_calendar):
    assert missing_calendar_years(default_calendar, 30, today=dt.date(2026, 11, 23)) == []
    assert missing_calendar_years(default_calendar, 90, today=dt.date(2026, 11, 23)) == [2027]
    assert missing_calendar_years(default_calendar, 400, today=dt.date(2026, 12, 1)) == [2027, 2028]


def test_system_check__warns_w001_for_2027(default_calendar):
    with frozen_at(NOW):
        messages = check_calendar_years(databases=["default"])
    assert [message.id for message in messages] == ["worktime.W001"]
    assert "2027" in messages[0].msg
    assert "默认工作日历" in messages[0].msg


def test_system_check__is_quiet_without_database_access(default_calendar):
    with frozen_at(NOW):
        assert check_calendar_years(databases=None) == []


def test_import_2027__makes_the_same_deadline_computable_and_silences_the_warning(default_calendar):
    do_import_year(
        default_calendar,
        2027,
        [("2027-01-01", "休", "元旦"), ("2027-01-02", "休", "元旦"), ("2027-01-03", "休", "元旦")],
        note="测试用安排",
    )
    snapshot = get_calendar_snapshot(default_calendar)
    # Thu 16–18 (2 h), Jan 1–3 off, Mon Jan 4 08–10.
    assert add_time(at(2026, 12, 31, 16), 4, U.WORK_HOURS, snapshot) == at(2027, 1, 4, 10)
    with frozen_at(NOW):
        assert check_calendar_years(databases=["default"]) == []
        assert get_calendar_warnings() == []


def test_warnings__name_calendar_and_year(default_calendar):
    warnings = get_calendar_warnings(today=dt.date(2026, 11, 23))
    assert [(w.calendar_name, w.year) for w in warnings] == [("默认工作日历", 2027)]
    assert "2027 年" in warnings[0].message and "无法计算" in warnings[0].message
