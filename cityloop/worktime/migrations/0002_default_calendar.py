"""Every database starts with the default calendar: 08:00–12:00 / 14:00–18:00, years 2020–2026.

Self-contained on purpose (historical models, its own copy of the names) so later code changes
cannot alter what this migration did.
"""

import datetime as dt

import chinese_calendar
from django.db import migrations

YEARS = range(2020, 2027)
NAMES = {
    "New Year's Day": "元旦",
    "Spring Festival": "春节",
    "Tomb-sweeping Day": "清明节",
    "Labour Day": "劳动节",
    "Dragon Boat Festival": "端午节",
    "National Day": "国庆节",
    "Mid-autumn Festival": "中秋节",
    "Anti-Fascist 70th Day": "抗战胜利70周年纪念日",
}


def create_default_calendar(apps, schema_editor):
    WorkSchedule = apps.get_model("worktime", "WorkSchedule")
    WorkPeriod = apps.get_model("worktime", "WorkPeriod")
    WorkCalendar = apps.get_model("worktime", "WorkCalendar")
    CalendarYear = apps.get_model("worktime", "CalendarYear")
    SpecialDay = apps.get_model("worktime", "SpecialDay")
    if WorkCalendar.objects.filter(is_default=True).exists():
        return
    schedule = WorkSchedule.objects.create(name="标准作息", note="08:00–12:00，14:00–18:00，每天 480 分钟")
    WorkPeriod.objects.bulk_create(
        [
            WorkPeriod(schedule=schedule, start=dt.time(8, 0), end=dt.time(12, 0)),
            WorkPeriod(schedule=schedule, start=dt.time(14, 0), end=dt.time(18, 0)),
        ]
    )
    calendar = WorkCalendar.objects.create(name="默认工作日历", is_default=True, default_schedule=schedule)
    library_years = {day.year for day in chinese_calendar.holidays}
    days = []
    for year in YEARS:
        if year not in library_years:
            continue
        calendar_year = CalendarYear.objects.create(
            calendar=calendar, year=year, source="chinesecalendar", note="由 chinesecalendar 库生成"
        )
        for day, label in chinese_calendar.holidays.items():
            if day.year == year:
                days.append(SpecialDay(calendar_year=calendar_year, date=day, kind="holiday", name=NAMES.get(label, label)))
        for day, label in chinese_calendar.workdays.items():
            if day.year == year and day.weekday() >= 5:
                days.append(
                    SpecialDay(calendar_year=calendar_year, date=day, kind="makeup_workday", name=NAMES.get(label, label))
                )
    SpecialDay.objects.bulk_create(days)


class Migration(migrations.Migration):
    dependencies = [
        ("worktime", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_default_calendar, migrations.RunPython.noop),
    ]
