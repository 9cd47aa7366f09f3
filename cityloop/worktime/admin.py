"""Administration of calendars, schedules and years, with the yearly CSV import page."""

from __future__ import annotations

import itertools
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import URLPattern, path, reverse
from django.utils.translation import gettext_lazy as _

from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected
from cityloop.worktime.health import get_calendar_warnings
from cityloop.worktime.importing import do_import_year, do_import_year_csv
from cityloop.worktime.models import (
    CalendarSource,
    CalendarYear,
    ScheduleSeason,
    SpecialDay,
    SpecialDayKind,
    WorkCalendar,
    WorkPeriod,
    WorkSchedule,
)
from cityloop.worktime.notice import parse_state_council_notice
from cityloop.worktime.seeding import seed_from_chinesecalendar


def warn_missing_years(request: HttpRequest) -> None:
    for warning in get_calendar_warnings():
        messages.warning(request, warning.message)


class WorkPeriodFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        times = sorted(
            (form.cleaned_data["start"], form.cleaned_data["end"])
            for form in self.forms
            if getattr(form, "cleaned_data", None)
            and not form.cleaned_data.get("DELETE")
            and form.cleaned_data.get("start")
            and form.cleaned_data.get("end")
        )
        for (_start, end), (next_start, _end) in itertools.pairwise(times):
            if next_start < end:
                raise ValidationError(_("工作时段不能互相重叠。"))


class WorkPeriodInline(admin.TabularInline):
    model = WorkPeriod
    formset = WorkPeriodFormSet
    extra = 0
    min_num = 1


@admin.register(WorkSchedule)
class WorkScheduleAdmin(admin.ModelAdmin):
    list_display = ("name", "periods_display", "note")
    search_fields = ("name",)
    inlines = [WorkPeriodInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkSchedule]:
        return super().get_queryset(request).prefetch_related("periods")

    @admin.display(description=_("工作时段"))
    def periods_display(self, obj: WorkSchedule) -> str:
        periods = list(obj.periods.all())
        total = sum(period.minutes for period in periods)
        return "，".join(str(period) for period in periods) + f"（{total} 分钟）"


class ScheduleSeasonInline(admin.TabularInline):
    model = ScheduleSeason
    extra = 0


@admin.register(WorkCalendar)
class WorkCalendarAdmin(admin.ModelAdmin):
    list_display = ("name", "is_default", "default_schedule", "known_years", "note")
    search_fields = ("name",)
    inlines = [ScheduleSeasonInline]

    def get_queryset(self, request: HttpRequest) -> QuerySet[WorkCalendar]:
        return super().get_queryset(request).select_related("default_schedule").prefetch_related("years")

    @admin.display(description=_("已有年份"))
    def known_years(self, obj: WorkCalendar) -> str:
        years = sorted(year.year for year in obj.years.all())
        return f"{years[0]}–{years[-1]}（{len(years)} 年）" if years else "—"

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        warn_missing_years(request)
        return super().changelist_view(request, extra_context)


class SpecialDayFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        year = getattr(self.instance, "year", None)
        for form in self.forms:
            day = form.cleaned_data.get("date") if hasattr(form, "cleaned_data") else None
            if (
                day is not None
                and year is not None
                and day.year != year
                and not form.cleaned_data.get("DELETE")
            ):
                form.add_error("date", ValidationError(_("日期不在 %(year)s 年内。") % {"year": year}))


class SpecialDayInline(admin.TabularInline):
    model = SpecialDay
    formset = SpecialDayFormSet
    extra = 0


class CalendarYearImportForm(forms.Form):
    calendar = forms.ModelChoiceField(
        label=_("工作日历"), queryset=WorkCalendar.objects.all(), empty_label=None
    )
    year = forms.IntegerField(label=_("年份"), min_value=1990, max_value=2100)
    file = forms.FileField(
        label=_("文件"), help_text=_("UTF-8 编码。CSV 的列为 date,kind,name，kind 为 休 或 班。")
    )
    file_format = forms.ChoiceField(
        label=_("格式"),
        choices=[("csv", "CSV"), ("notice", _("国务院办公厅放假通知（纯文本）"))],
        initial="csv",
    )
    note = forms.CharField(
        label=_("备注"), max_length=200, required=False, help_text=_("如国务院办公厅通知文号")
    )


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin):
    list_display = ("calendar", "year", "source", "holiday_count", "makeup_count", "updated_at", "note")
    list_filter = ("calendar", "source")
    readonly_fields = ("updated_at",)
    inlines = [SpecialDayInline]
    actions = ["reseed_from_library"]
    change_list_template = "admin/worktime/calendaryear/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[CalendarYear]:
        return (
            super()
            .get_queryset(request)
            .select_related("calendar")
            .annotate(
                holidays=Count("special_days", filter=Q(special_days__kind=SpecialDayKind.HOLIDAY)),
                makeups=Count("special_days", filter=Q(special_days__kind=SpecialDayKind.MAKEUP_WORKDAY)),
            )
        )

    @admin.display(description=_("休息日数"), ordering="holidays")
    def holiday_count(self, obj: Any) -> int:
        return obj.holidays

    @admin.display(description=_("调休上班日数"), ordering="makeups")
    def makeup_count(self, obj: Any) -> int:
        return obj.makeups

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        warn_missing_years(request)
        return super().changelist_view(request, extra_context)

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        if change and formset.has_changed() and form.instance.source != CalendarSource.MANUAL:
            form.instance.source = CalendarSource.MANUAL
            form.instance.save(update_fields=["source", "updated_at"])

    @admin.action(
        description=_("从 chinesecalendar 库重新生成所选年份（覆盖手工修改）"), permissions=["change"]
    )
    def reseed_from_library(self, request: HttpRequest, queryset: QuerySet[CalendarYear]) -> None:
        for calendar_year in queryset.select_related("calendar"):
            try:
                seed_from_chinesecalendar(calendar_year.calendar, [calendar_year.year], replace=True)
            except DomainError as error:
                self.message_user(request, f"{calendar_year}：{error.message}", messages.ERROR)
            else:
                self.message_user(request, f"{calendar_year}：已重新生成", messages.SUCCESS)

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="worktime_calendaryear_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = CalendarYearImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                text = form.cleaned_data["file"].read().decode("utf-8-sig")
                calendar, year, note = (form.cleaned_data[key] for key in ("calendar", "year", "note"))
                if form.cleaned_data["file_format"] == "notice":
                    rows = parse_state_council_notice(text, year)
                    calendar_year = do_import_year(calendar, year, rows, note=note)
                else:
                    calendar_year = do_import_year_csv(calendar, year, text, note=note)
            except UnicodeDecodeError:
                form.add_error("file", _("文件不是 UTF-8 编码。"))
            except ImportRejected as error:
                messages.error(request, error.message)
                report = error.report
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                count = calendar_year.special_days.count()
                messages.success(request, f"{calendar_year}：已导入 {count} 个特殊日期。")
                return HttpResponseRedirect(
                    reverse("admin:worktime_calendaryear_change", args=[calendar_year.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入年度日历"),
            "form": form,
            "report": report,
        }
        return render(request, "admin/worktime/calendaryear/import.html", context)
