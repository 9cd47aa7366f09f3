"""Is every calendar ready for the deadlines ahead? Used by the system check, the admin and warning jobs.

A deadline reaching a year the calendar does not know cannot be computed (``CalendarYearMissing``),
so the platform says so well before that year starts: by default 90 days ahead
(settings.CITYLOOP_CALENDAR_HORIZON_DAYS), enough for the State Council's notice, usually published
in October or November, to be imported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings

from cityloop.core import clock
from cityloop.worktime.models import CalendarYear, WorkCalendar
from cityloop.worktime.snapshot import CALENDAR_TZ

DEFAULT_HORIZON_DAYS = 90


def _horizon_days(horizon_days: int | None) -> int:
    if horizon_days is not None:
        return horizon_days
    return int(getattr(settings, "CITYLOOP_CALENDAR_HORIZON_DAYS", DEFAULT_HORIZON_DAYS))


def _today() -> dt.date:
    return clock.now().astimezone(CALENDAR_TZ).date()


def missing_calendar_years(
    calendar: WorkCalendar, horizon_days: int | None = None, *, today: dt.date | None = None
) -> list[int]:
    """Years from today to ``horizon_days`` ahead that ``calendar`` does not know, in order."""
    today = today or _today()
    last = today + dt.timedelta(days=_horizon_days(horizon_days))
    wanted = set(range(today.year, last.year + 1))
    known = set(
        CalendarYear.objects.filter(calendar=calendar, year__in=wanted).values_list("year", flat=True)
    )
    return sorted(wanted - known)


@dataclass(frozen=True)
class CalendarWarning:
    """One calendar lacking one year, with the sentence to show people."""

    calendar_id: int
    calendar_name: str
    year: int

    @property
    def message(self) -> str:
        return (
            f"工作日历“{self.calendar_name}”缺少 {self.year} 年的节假日安排："
            f"期限到达 {self.year} 年的案件将无法计算期限。请尽快导入 {self.year} 年的放假安排。"
        )

    def __str__(self) -> str:
        return self.message


def get_calendar_warnings(
    horizon_days: int | None = None, *, today: dt.date | None = None
) -> list[CalendarWarning]:
    """Every (calendar, missing year) within the horizon, for the warning job, dashboard and admin."""
    warnings: list[CalendarWarning] = []
    for calendar in WorkCalendar.objects.order_by("-is_default", "name"):
        for year in missing_calendar_years(calendar, horizon_days, today=today):
            warnings.append(CalendarWarning(calendar.pk, calendar.name, year))
    return warnings
