"""Every database has the default calendar seeded from chinesecalendar; the library can re-seed."""

import datetime as dt

import chinese_calendar
from django.core.management import call_command

from cityloop.worktime.models import CalendarSource, CalendarYear, SpecialDay, WorkCalendar
from cityloop.worktime.seeding import chinesecalendar_special_days, seed_from_chinesecalendar
from cityloop.worktime.snapshot import get_calendar_snapshot


def test_migration__creates_the_default_calendar_with_480_minute_days(default_calendar):
    periods = [(p.start, p.end) for p in default_calendar.default_schedule.periods.all()]
    assert periods == [(dt.time(8), dt.time(12)), (dt.time(14), dt.time(18))]
    years = set(CalendarYear.objects.filter(calendar=default_calendar).values_list("year", flat=True))
    assert years == set(range(2020, 2027))


def test_seeded_calendar__agrees_with_the_library_on_every_day_2020_to_2026(snapshot):
    day = dt.date(2020, 1, 1)
    while day.year <= 2026:
        assert snapshot.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_seeded_names__are_chinese(default_calendar):
    names = set(SpecialDay.objects.filter(calendar_year__year=2026).values_list("name", flat=True))
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节"}


def test_seed__leaves_known_years_alone_unless_replacing(default_calendar):
    calendar_year = CalendarYear.objects.get(calendar=default_calendar, year=2026)
    calendar_year.special_days.all().delete()
    assert seed_from_chinesecalendar(default_calendar, [2025, 2026]) == []
    assert not calendar_year.special_days.exists()
    seed_from_chinesecalendar(default_calendar, [2026], replace=True)
    assert calendar_year.special_days.count() == len(chinesecalendar_special_days(2026))


def test_seed_command__fills_a_named_calendar(default_calendar):
    other = WorkCalendar.objects.create(name="某区日历", default_schedule=default_calendar.default_schedule)
    call_command("seed_calendar", "--calendar", "某区日历", "--years", "2024-2025")
    assert set(CalendarYear.objects.filter(calendar=other).values_list("year", "source")) == {
        (2024, CalendarSource.CHINESECALENDAR),
        (2025, CalendarSource.CHINESECALENDAR),
    }
    assert get_calendar_snapshot(other).is_workday(dt.date(2025, 10, 11))  # 国庆调休上班 (Saturday)
