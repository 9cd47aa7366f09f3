"""Working calendars as data (DESIGN §3).

A ``WorkCalendar`` says which days are worked and, through its schedules, which minutes of those days.
A day is worked when it is a weekday, unless a ``SpecialDay`` of its year says otherwise (法定节假日 off,
调休上班 on). That rule holds only for years that have a ``CalendarYear`` row: for any other year the
calendar knows nothing, and the deadline arithmetic refuses to guess (``CalendarYearMissing``).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class WorkSchedule(models.Model):
    """A named daily schedule: the periods of a working day, e.g. 08:00–12:00 and 14:00–18:00."""

    name = models.CharField(_("名称"), max_length=50, unique=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("作息时间")
        verbose_name_plural = _("作息时间")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkPeriod(models.Model):
    """One working period of a schedule, start inclusive, end exclusive, within one day."""

    schedule = models.ForeignKey(
        WorkSchedule, verbose_name=_("作息时间"), on_delete=models.CASCADE, related_name="periods"
    )
    start = models.TimeField(_("开始"))
    end = models.TimeField(_("结束"))

    class Meta:
        verbose_name = _("工作时段")
        verbose_name_plural = _("工作时段")
        ordering = ["schedule", "start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="work_period_end_after_start"),
            models.UniqueConstraint(fields=["schedule", "start"], name="work_period_unique_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%H:%M}–{self.end:%H:%M}"

    @property
    def minutes(self) -> int:
        return (self.end.hour * 60 + self.end.minute) - (self.start.hour * 60 + self.start.minute)

    def clean(self) -> None:
        if self.start and self.end and self.end <= self.start:
            raise ValidationError(_("结束时间必须晚于开始时间（时段不能跨越午夜）。"))


class WorkCalendar(models.Model):
    """A named working calendar: a default schedule, seasonal schedules, and known years.

    Exactly one calendar is the default; a district may get its own calendar later.
    """

    name = models.CharField(_("名称"), max_length=50, unique=True)
    is_default = models.BooleanField(_("默认日历"), default=False)
    default_schedule = models.ForeignKey(
        WorkSchedule, verbose_name=_("默认作息时间"), on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("工作日历")
        verbose_name_plural = _("工作日历")
        ordering = ["-is_default", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="work_calendar_one_default"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ScheduleSeason(models.Model):
    """A date range in which a calendar uses another schedule (e.g. 夏季作息 2026-05-01…2026-09-30).

    Days outside every season use the calendar's default schedule. Seasons of one calendar must not
    overlap; ``valid_until`` is inclusive and may be left empty for "until further notice".
    """

    calendar = models.ForeignKey(
        WorkCalendar, verbose_name=_("工作日历"), on_delete=models.CASCADE, related_name="seasons"
    )
    schedule = models.ForeignKey(
        WorkSchedule, verbose_name=_("作息时间"), on_delete=models.PROTECT, related_name="+"
    )
    valid_from = models.DateField(_("起始日期"))
    valid_until = models.DateField(_("截止日期（含）"), null=True, blank=True)

    class Meta:
        verbose_name = _("季节作息")
        verbose_name_plural = _("季节作息")
        ordering = ["calendar", "valid_from"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="schedule_season_range_ordered",
            )
        ]

    def __str__(self) -> str:
        until = self.valid_until.isoformat() if self.valid_until else "…"
        return f"{self.schedule} {self.valid_from.isoformat()}～{until}"

    def clean(self) -> None:
        if self.valid_from is None or self.calendar_id is None:
            return
        if self.valid_until is not None and self.valid_until < self.valid_from:
            raise ValidationError(_("截止日期不能早于起始日期。"))
        far = dt.date.max
        others = ScheduleSeason.objects.filter(calendar_id=self.calendar_id).exclude(pk=self.pk)
        for other in others:
            if self.valid_from <= (other.valid_until or far) and other.valid_from <= (
                self.valid_until or far
            ):
                raise ValidationError(_("与已有的季节作息“%(other)s”日期重叠。") % {"other": other})


class CalendarSource(models.TextChoices):
    CHINESECALENDAR = "chinesecalendar", _("chinesecalendar 库")
    IMPORTED = "imported", _("导入")
    MANUAL = "manual", _("手工维护")


class CalendarYear(models.Model):
    """One year a calendar knows: its row is what says "this year's holidays are known".

    Its special days list the official holidays and make-up working days (调休) of that year.
    """

    calendar = models.ForeignKey(
        WorkCalendar, verbose_name=_("工作日历"), on_delete=models.CASCADE, related_name="years"
    )
    year = models.PositiveSmallIntegerField(_("年份"))
    source = models.CharField(_("来源"), max_length=20, choices=CalendarSource.choices)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("日历年度")
        verbose_name_plural = _("日历年度")
        ordering = ["calendar", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["calendar", "year"], name="calendar_year_unique"),
            models.CheckConstraint(condition=Q(year__gte=1990, year__lte=2100), name="calendar_year_sane"),
        ]

    def __str__(self) -> str:
        return f"{self.calendar} {self.year}年"


class SpecialDayKind(models.TextChoices):
    HOLIDAY = "holiday", _("法定节假日（休）")
    MAKEUP_WORKDAY = "makeup_workday", _("调休上班（班）")


class SpecialDay(models.Model):
    """A day of a known year that departs from "weekdays work, weekends off"."""

    calendar_year = models.ForeignKey(
        CalendarYear, verbose_name=_("日历年度"), on_delete=models.CASCADE, related_name="special_days"
    )
    date = models.DateField(_("日期"))
    kind = models.CharField(_("类型"), max_length=20, choices=SpecialDayKind.choices)
    name = models.CharField(_("名称"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("特殊日期")
        verbose_name_plural = _("特殊日期")
        ordering = ["calendar_year", "date"]
        constraints = [
            models.UniqueConstraint(fields=["calendar_year", "date"], name="special_day_unique_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date.isoformat()} {self.get_kind_display()} {self.name}".rstrip()

    def clean(self) -> None:
        if self.date is None:
            return
        if self.kind == SpecialDayKind.MAKEUP_WORKDAY and self.date.weekday() < 5:
            raise ValidationError({"kind": _("调休上班日必须是周六或周日。")})
        if self.calendar_year_id is not None and self.date.year != self.calendar_year.year:
            raise ValidationError({"date": _("日期不在 %(year)s 年内。") % {"year": self.calendar_year.year}})
