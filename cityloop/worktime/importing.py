"""An administrator imports or replaces one year of a calendar: its holidays and make-up working days.

Every row is checked first; only a clean report writes, and then the year's special days are
replaced as a whole in one transaction. CSV files have the columns ``date,kind,name`` (a header row
``date,kind,name`` or ``日期,类型,名称`` is optional); ``kind`` is 休/holiday or 班/makeup_workday.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction

from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected, ValidationReport
from cityloop.worktime.models import CalendarSource, CalendarYear, SpecialDay, SpecialDayKind, WorkCalendar

KIND_ALIASES = {
    "休": SpecialDayKind.HOLIDAY,
    "假": SpecialDayKind.HOLIDAY,
    "holiday": SpecialDayKind.HOLIDAY,
    "法定节假日": SpecialDayKind.HOLIDAY,
    "班": SpecialDayKind.MAKEUP_WORKDAY,
    "上班": SpecialDayKind.MAKEUP_WORKDAY,
    "调休上班": SpecialDayKind.MAKEUP_WORKDAY,
    "makeup_workday": SpecialDayKind.MAKEUP_WORKDAY,
}
HEADER_FIRST_CELLS = {"date", "日期"}
NAME_MAX_LENGTH = SpecialDay._meta.get_field("name").max_length or 50
_DATE = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")

NumberedRow = tuple[str, Sequence[Any]]
SpecialDayRow = tuple[dt.date, str, str]


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return None  # a moment is not a day: refuse rather than guess its zone
    if isinstance(value, dt.date):
        return value
    match = _DATE.match(str(value).strip())
    if not match:
        return None
    try:
        return dt.date(*(int(part) for part in match.groups()))
    except ValueError:
        return None


def check_year_rows(year: int, rows: Iterable[NumberedRow]) -> tuple[ValidationReport, list[SpecialDayRow]]:
    """Validate ``rows`` (where, (date, kind, name)) for ``year``; returns the report and clean rows."""
    report = ValidationReport()
    clean: list[SpecialDayRow] = []
    seen: dict[dt.date, str] = {}
    for where, row in rows:
        if len(row) not in (2, 3):
            report.add(where, "", "bad_columns", f"每行应为 日期,类型,名称 三列，此行有 {len(row)} 列。")
            continue
        raw_date, raw_kind = row[0], row[1]
        name = str(row[2] if len(row) == 3 and row[2] is not None else "").strip()
        day = _parse_date(raw_date)
        kind = KIND_ALIASES.get(str(raw_kind).strip().lower())
        if day is None:
            report.add(where, "date", "invalid_date", f"无法识别的日期“{raw_date}”，应为 YYYY-MM-DD。")
        elif day.year != year:
            report.add(where, "date", "date_outside_year", f"日期 {day.isoformat()} 不在 {year} 年内。")
        elif day in seen:
            report.add(where, "date", "duplicate_date", f"日期 {day.isoformat()} 与{seen[day]}重复。")
        if kind is None:
            report.add(
                where,
                "kind",
                "unknown_kind",
                f"未知的类型“{raw_kind}”，应为 休/holiday 或 班/makeup_workday。",
            )
        elif day is not None and kind == SpecialDayKind.MAKEUP_WORKDAY and day.weekday() < 5:
            report.add(
                where,
                "kind",
                "makeup_on_weekday",
                f"{day.isoformat()} 是工作日（周一至周五），不能设为调休上班日。",
            )
        if len(name) > NAME_MAX_LENGTH:
            report.add(where, "name", "name_too_long", f"名称超过 {NAME_MAX_LENGTH} 个字。")
        if day is not None and day not in seen:
            seen[day] = where
        if day is not None and kind is not None:
            clean.append((day, kind.value, name))
    return report, clean


def _import(
    calendar: WorkCalendar,
    year: int,
    rows: Iterable[NumberedRow],
    *,
    source: str,
    note: str,
    allow_empty: bool,
) -> CalendarYear:
    if not 1990 <= year <= 2100:
        raise DomainError("invalid_year", f"年份 {year} 不在 1990–2100 之间。")
    report, clean = check_year_rows(year, rows)
    if report.ok and not clean and not allow_empty:
        report.add(
            "全部",
            "",
            "empty_year",
            f"{year} 年没有任何节假日或调休上班日；官方每年都有放假安排，请检查文件。",
        )
    if not report.ok:
        raise ImportRejected(report, f"{calendar.name} {year} 年日历")
    with transaction.atomic():
        WorkCalendar.objects.select_for_update().filter(pk=calendar.pk).first()  # serialise imports
        calendar_year, _created = CalendarYear.objects.update_or_create(
            calendar=calendar, year=year, defaults={"source": source, "note": note}
        )
        calendar_year.special_days.all().delete()
        SpecialDay.objects.bulk_create(
            SpecialDay(calendar_year=calendar_year, date=day, kind=kind, name=name)
            for day, kind, name in clean
        )
    return calendar_year


def do_import_year(
    calendar: WorkCalendar,
    year: int,
    rows: Iterable[Sequence[Any]],
    *,
    source: str = CalendarSource.IMPORTED,
    note: str = "",
    allow_empty: bool = False,
) -> CalendarYear:
    """Replace ``calendar``'s ``year`` with ``rows`` of (date, kind, name); all or nothing.

    Refused rows (``ImportRejected`` lists them all): a date outside the year, a date given twice, an
    unknown kind, a make-up working day on a weekday (a holiday on a weekend is fine), an empty year
    unless ``allow_empty``.
    """
    numbered = ((f"第{index}行", row) for index, row in enumerate(rows, start=1))
    return _import(calendar, year, numbered, source=source, note=note, allow_empty=allow_empty)


def read_year_csv(text: str) -> list[NumberedRow]:
    """Rows of a ``date,kind,name`` CSV text, each with its line for the report; blank lines skipped."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows: list[NumberedRow] = []
    for row in reader:
        cells = [cell.strip() for cell in row]
        if not any(cells):
            continue
        if not rows and cells[0].lower() in HEADER_FIRST_CELLS:
            continue
        rows.append((f"第{reader.line_num}行", cells))
    return rows


def do_import_year_csv(
    calendar: WorkCalendar, year: int, text: str, *, note: str = "", allow_empty: bool = False
) -> CalendarYear:
    """``do_import_year`` from CSV text, reporting problems by CSV line."""
    return _import(
        calendar,
        year,
        read_year_csv(text),
        source=CalendarSource.IMPORTED,
        note=note,
        allow_empty=allow_empty,
    )
