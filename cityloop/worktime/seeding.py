"""Seed calendars from the ``chinesecalendar`` library and make sure the default calendar exists.

The library covers 2004–2026 (version 1.11.0) and raises ``NotImplementedError`` for later years;
those years must be imported by an administrator (``cityloop.worktime.importing``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import chinese_calendar
from django.db import transaction

from cityloop.core.errors import DomainError
from cityloop.worktime.models import (
    CalendarSource,
    CalendarYear,
    SpecialDay,
    SpecialDayKind,
    WorkCalendar,
    WorkPeriod,
    WorkSchedule,
)

DEFAULT_CALENDAR_NAME = "默认工作日历"
DEFAULT_SCHEDULE_NAME = "标准作息"
DEFAULT_PERIODS = ((dt.time(8, 0), dt.time(12, 0)), (dt.time(14, 0), dt.time(18, 0)))

HOLIDAY_NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def chinesecalendar_years() -> range:
    """The years the installed library knows."""
    return range(min(chinese_calendar.holidays).year, max(chinese_calendar.holidays).year + 1)


def chinesecalendar_special_days(year: int) -> list[tuple[dt.date, str, str]]:
    """(date, kind, Chinese name) of ``year``'s holidays and make-up working days, from the library.

    Holidays falling on a weekend are kept: they name the weekend days inside a holiday period.
    """
    if year not in chinesecalendar_years():
        raise DomainError(
            "calendar_year_not_in_library",
            f"chinesecalendar 库不包含 {year} 年的放假安排，请导入该年的放假安排。",
            details={"year": year},
        )
    rows: list[tuple[dt.date, str, str]] = []
    for day, label in chinese_calendar.holidays.items():
        if day.year == year:
            rows.append((day, SpecialDayKind.HOLIDAY.value, HOLIDAY_NAMES.get(label, label)))
    for day, label in chinese_calendar.workdays.items():
        if day.year == year and day.weekday() >= 5:
            rows.append((day, SpecialDayKind.MAKEUP_WORKDAY.value, HOLIDAY_NAMES.get(label, label)))
    return sorted(rows)


def seed_from_chinesecalendar(
    calendar: WorkCalendar, years: Iterable[int], *, replace: bool = False
) -> list[CalendarYear]:
    """Fill ``calendar``'s years from the library; returns the years written.

    A year the calendar already knows is left alone unless ``replace`` is true, so re-seeding never
    overwrites an administrator's corrections by accident. Unknown years refuse the whole call.
    """
    years = sorted(set(years))
    data = {year: chinesecalendar_special_days(year) for year in years}
    written: list[CalendarYear] = []
    with transaction.atomic():
        existing = set(
            CalendarYear.objects.filter(calendar=calendar, year__in=years).values_list("year", flat=True)
        )
        for year in years:
            if year in existing and not replace:
                continue
            calendar_year, _created = CalendarYear.objects.update_or_create(
                calendar=calendar,
                year=year,
                defaults={"source": CalendarSource.CHINESECALENDAR, "note": "由 chinesecalendar 库生成"},
            )
            calendar_year.special_days.all().delete()
            SpecialDay.objects.bulk_create(
                SpecialDay(calendar_year=calendar_year, date=day, kind=kind, name=name)
                for day, kind, name in data[year]
            )
            written.append(calendar_year)
    return written


def ensure_default_calendar() -> WorkCalendar:
    """The default calendar, creating it with the standard 08:00–12:00 / 14:00–18:00 schedule if none."""
    with transaction.atomic():
        calendar = WorkCalendar.objects.filter(is_default=True).first()
        if calendar is not None:
            return calendar
        schedule, created = WorkSchedule.objects.get_or_create(name=DEFAULT_SCHEDULE_NAME)
        if created:
            WorkPeriod.objects.bulk_create(
                WorkPeriod(schedule=schedule, start=start, end=end) for start, end in DEFAULT_PERIODS
            )
        calendar, _created = WorkCalendar.objects.get_or_create(
            name=DEFAULT_CALENDAR_NAME, defaults={"default_schedule": schedule}
        )
        calendar.is_default = True
        calendar.save(update_fields=["is_default"])
        return calendar
