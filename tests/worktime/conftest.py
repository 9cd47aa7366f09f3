import datetime as dt

import pytest

from cityloop.worktime.models import WorkCalendar
from cityloop.worktime.snapshot import CALENDAR_TZ, CalendarSnapshot, get_calendar_snapshot


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> dt.datetime:
    """A moment on the Beijing wall clock."""
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=CALENDAR_TZ)


@pytest.fixture
def default_calendar(db) -> WorkCalendar:
    """The calendar every database gets from the migration: 08–12 / 14–18, years 2020–2026."""
    return WorkCalendar.objects.get(is_default=True)


@pytest.fixture
def snapshot(default_calendar) -> CalendarSnapshot:
    return get_calendar_snapshot(default_calendar)
