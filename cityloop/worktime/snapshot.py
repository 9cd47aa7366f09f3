"""An in-memory picture of one working calendar, loaded in a handful of queries.

The deadline arithmetic asks "is this day worked, and which minutes of it?" many times per call; it
asks a ``CalendarSnapshot`` instead of the database. Load one per request or per batch job
(``get_calendar_snapshot``) and pass it around; it does not notice later edits of the calendar.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from cityloop.core.errors import Conflict, DomainError
from cityloop.worktime.models import (
    CalendarYear,
    ScheduleSeason,
    SpecialDay,
    SpecialDayKind,
    WorkCalendar,
    WorkPeriod,
)

# The holiday calendar is the State Council's, so a calendar day is a day in China, whatever zone
# the deployment displays in. China has had no daylight saving since 1991: wall-clock arithmetic on
# aware datetimes in this zone is exact.
CALENDAR_TZ = ZoneInfo("Asia/Shanghai")

# A period is (start, end) as offsets from local midnight, start inclusive, end exclusive.
Period = tuple[dt.timedelta, dt.timedelta]


class CalendarYearMissing(Conflict):
    """A computation needed a day of a year the calendar does not know: never guess weekends."""

    def __init__(self, calendar_name: str, year: int):
        super().__init__(
            "calendar_year_missing",
            f"工作日历“{calendar_name}”缺少 {year} 年的节假日安排，涉及 {year} 年的期限无法计算；"
            f"请管理员导入 {year} 年的放假安排。",
            details={"calendar": calendar_name, "year": year},
        )
        self.calendar_name = calendar_name
        self.year = year


def periods_from_times(times: Iterable[tuple[dt.time, dt.time]]) -> tuple[Period, ...]:
    """Turn (start, end) wall-clock times into sorted midnight offsets."""

    def offset(t: dt.time) -> dt.timedelta:
        return dt.timedelta(hours=t.hour, minutes=t.minute, seconds=t.second)

    return tuple(sorted((offset(start), offset(end)) for start, end in times))


@dataclass(frozen=True)
class Season:
    valid_from: dt.date
    valid_until: dt.date | None
    periods: tuple[Period, ...]


@dataclass(frozen=True)
class CalendarSnapshot:
    """Which days of which years are worked, and the working periods of each day."""

    name: str
    known_years: frozenset[int]
    special_days: Mapping[dt.date, str]
    default_periods: tuple[Period, ...]
    seasons: tuple[Season, ...] = ()
    calendar_id: int | None = None
    _no_periods: tuple[Period, ...] = field(default=(), repr=False)

    def __post_init__(self) -> None:
        for periods in [self.default_periods, *(season.periods for season in self.seasons)]:
            if not periods:
                raise DomainError("work_schedule_empty", f"工作日历“{self.name}”的作息时间没有任何工作时段。")
            for (_start, end), (next_start, _end) in itertools.pairwise(periods):
                if next_start < end:
                    raise DomainError("work_periods_overlap", f"工作日历“{self.name}”的工作时段互相重叠。")

    def require_year(self, year: int) -> None:
        if year not in self.known_years:
            raise CalendarYearMissing(self.name, year)

    def is_workday(self, day: dt.date) -> bool:
        """Weekdays work and weekends rest, unless a special day of a known year says otherwise."""
        self.require_year(day.year)
        kind = self.special_days.get(day)
        if kind == SpecialDayKind.HOLIDAY:
            return False
        if kind == SpecialDayKind.MAKEUP_WORKDAY:
            return True
        return day.weekday() < 5

    def schedule_periods(self, day: dt.date) -> tuple[Period, ...]:
        """The periods of the schedule in force on ``day``, whether or not the day is worked."""
        for season in self.seasons:
            if season.valid_from <= day and (season.valid_until is None or day <= season.valid_until):
                return season.periods
        return self.default_periods

    def periods_on(self, day: dt.date) -> tuple[Period, ...]:
        """The working periods of ``day``: none on a day off."""
        if not self.is_workday(day):
            return self._no_periods
        return self.schedule_periods(day)


def get_default_calendar() -> WorkCalendar:
    """The calendar deadlines use unless told otherwise."""
    calendar = WorkCalendar.objects.filter(is_default=True).select_related("default_schedule").first()
    if calendar is None:
        raise DomainError("work_calendar_missing", "尚未设置默认工作日历。")
    return calendar


def get_calendar_snapshot(calendar: WorkCalendar | CalendarSnapshot | None = None) -> CalendarSnapshot:
    """Load ``calendar`` (the default one when ``None``) into memory; a snapshot is returned as is."""
    if isinstance(calendar, CalendarSnapshot):
        return calendar
    if calendar is None:
        calendar = get_default_calendar()
    times_by_schedule: dict[int, list[tuple[dt.time, dt.time]]] = {}
    seasons = list(ScheduleSeason.objects.filter(calendar=calendar).order_by("-valid_from"))
    schedule_ids = {calendar.default_schedule_id, *(season.schedule_id for season in seasons)}
    for schedule_id, start, end in WorkPeriod.objects.filter(schedule_id__in=schedule_ids).values_list(
        "schedule_id", "start", "end"
    ):
        times_by_schedule.setdefault(schedule_id, []).append((start, end))
    special_days = dict(
        SpecialDay.objects.filter(calendar_year__calendar=calendar).values_list("date", "kind")
    )
    return CalendarSnapshot(
        name=calendar.name,
        calendar_id=calendar.pk,
        known_years=frozenset(CalendarYear.objects.filter(calendar=calendar).values_list("year", flat=True)),
        special_days=special_days,
        default_periods=periods_from_times(times_by_schedule.get(calendar.default_schedule_id, [])),
        seasons=tuple(
            Season(
                season.valid_from,
                season.valid_until,
                periods_from_times(times_by_schedule.get(season.schedule_id, [])),
            )
            for season in seasons
        ),
    )
