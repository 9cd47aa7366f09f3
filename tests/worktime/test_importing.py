"""Importing one year: every row checked, all or nothing, replacing the year's special days."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command

from cityloop.core.validation import ImportRejected
from cityloop.worktime.importing import do_import_year, do_import_year_csv
from cityloop.worktime.models import CalendarSource, CalendarYear, SpecialDay, SpecialDayKind


def special_days(calendar, year):
    return list(
        SpecialDay.objects.filter(calendar_year__calendar=calendar, calendar_year__year=year)
        .order_by("date")
        .values_list("date", "kind", "name")
    )


def test_import__accepts_chinese_and_english_kinds_and_a_holiday_on_a_weekend(default_calendar):
    rows = [
        (dt.date(2027, 1, 1), "休", "元旦"),
        ("2027-01-02", "holiday", "元旦"),  # a Saturday: allowed
        ("2027/2/20", "班", "春节"),  # a Saturday
        ("2027-02-21", "makeup_workday", ""),  # a Sunday
    ]
    calendar_year = do_import_year(default_calendar, 2027, rows, note="国办发明电〔2026〕X号")
    assert calendar_year.source == CalendarSource.IMPORTED
    assert special_days(default_calendar, 2027) == [
        (dt.date(2027, 1, 1), SpecialDayKind.HOLIDAY, "元旦"),
        (dt.date(2027, 1, 2), SpecialDayKind.HOLIDAY, "元旦"),
        (dt.date(2027, 2, 20), SpecialDayKind.MAKEUP_WORKDAY, "春节"),
        (dt.date(2027, 2, 21), SpecialDayKind.MAKEUP_WORKDAY, ""),
    ]


def test_import__rejects_every_bad_row_and_writes_nothing(default_calendar):
    before = special_days(default_calendar, 2026)
    rows = [
        ("2026-10-01", "休", "国庆节"),
        ("2025-12-31", "休", "跨年"),  # outside the year
        ("2026-10-01", "休", "国庆节"),  # duplicate
        ("2026-10-09", "班", "国庆节"),  # a Friday cannot be a make-up working day
        ("2026-10-10", "上午班", ""),  # unknown kind
        ("2026-02-30", "休", ""),  # no such date
        ("2026-10-02",),  # one column
    ]
    with pytest.raises(ImportRejected) as raised:
        do_import_year(default_calendar, 2026, rows)
    report = raised.value.report
    assert report.codes() == {
        "date_outside_year",
        "duplicate_date",
        "makeup_on_weekday",
        "unknown_kind",
        "invalid_date",
        "bad_columns",
    }
    assert [issue.where for issue in report if issue.code == "duplicate_date"] == ["第3行"]
    assert raised.value.code == "import_rejected"
    assert special_days(default_calendar, 2026) == before
    assert (
        CalendarYear.objects.get(calendar=default_calendar, year=2026).source
        == CalendarSource.CHINESECALENDAR
    )


def test_import__an_empty_year_is_refused_unless_allowed(default_calendar):
    with pytest.raises(ImportRejected) as raised:
        do_import_year(default_calendar, 2027, [])
    assert raised.value.report.codes() == {"empty_year"}
    assert not CalendarYear.objects.filter(calendar=default_calendar, year=2027).exists()
    do_import_year(default_calendar, 2027, [], allow_empty=True)
    assert CalendarYear.objects.filter(calendar=default_calendar, year=2027).exists()


def test_import__replaces_the_years_special_days(default_calendar):
    do_import_year(default_calendar, 2026, [("2026-10-01", "休", "国庆节")], source=CalendarSource.MANUAL)
    assert special_days(default_calendar, 2026) == [(dt.date(2026, 10, 1), SpecialDayKind.HOLIDAY, "国庆节")]
    assert CalendarYear.objects.get(calendar=default_calendar, year=2026).source == CalendarSource.MANUAL


def test_csv_import__reports_by_line_and_skips_header_and_blank_lines(default_calendar):
    text = "\ufeffdate,kind,name\n2027-01-01,休,元旦\n\n2027-01-05,班,元旦\n"
    with pytest.raises(ImportRejected) as raised:
        do_import_year_csv(default_calendar, 2027, text)
    assert [(issue.where, issue.code) for issue in raised.value.report] == [("第4行", "makeup_on_weekday")]


def test_command_import_calendar_year__imports_a_csv_file(default_calendar, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("日期,类型,名称\n2027-01-01,休,元旦\n2027-02-20,班,春节\n", encoding="utf-8")
    call_command("import_calendar_year", "默认工作日历", "2027", str(path), "--note", "测试")
    assert len(special_days(default_calendar, 2027)) == 2
    assert CalendarYear.objects.get(calendar=default_calendar, year=2027).note == "测试"


def test_command_import_calendar_year__prints_the_report_on_refusal(default_calendar, tmp_path):
    path = tmp_path / "2027.csv"
    path.write_text("2028-01-01,休,元旦\n", encoding="utf-8")
    with pytest.raises(CommandError, match="date_outside_year"):
        call_command("import_calendar_year", "默认工作日历", "2027", str(path))
    with pytest.raises(CommandError, match="没有名为"):
        call_command("import_calendar_year", "不存在", "2027", str(path))
