"""Component admin: the inventory list, hand edits (grid derived), file import and export."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cityloop.assets.exporting import CONTENT_TYPES, export_components
from cityloop.assets.forms import ComponentAdminForm, ComponentImportForm
from cityloop.assets.importing import ImportSummary, do_import_components
from cityloop.assets.models import Component
from cityloop.catalog.models import CategoryKind, MajorCategory
from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected, ValidationReport
from cityloop.geo.models import Region

REPORT_ROWS_SHOWN = 1000


class StreetFilter(admin.SimpleListFilter):
    title = _("所在街道")
    parameter_name = "street"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            (str(pk), name)
            for pk, name in Region.objects.streets().order_by("code").values_list("pk", "name")
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(grid__community__parent_id=int(value))
        return queryset


class MajorFilter(admin.SimpleListFilter):
    title = _("部件大类")
    parameter_name = "major"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        majors = MajorCategory.objects.filter(kind=CategoryKind.COMPONENT).select_related("scheme")
        return [(str(major.pk), f"{major.scheme.name} · {major.code} {major.name}") for major in majors]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value and value.isdigit():
            return queryset.filter(category__major_id=int(value))
        return queryset


@admin.register(Component)
class ComponentAdmin(admin.ModelAdmin):
    form = ComponentAdminForm
    list_display = ("identifier", "name", "category", "state", "grid", "competent_department")
    list_select_related = ("category", "grid", "competent_department")
    list_filter = ("state", MajorFilter, StreetFilter)
    search_fields = ("^identifier", "name")
    show_full_result_count = False  # a city has millions of components; one count per page is enough
    readonly_fields = ("grid", "created_at", "updated_at")
    autocomplete_fields = ("competent_department", "owner_unit", "maintenance_unit")
    actions = ["export_selected_csv", "export_selected_xlsx"]
    fieldsets = (
        (None, {"fields": ("identifier", "category", "name", "state")}),
        (_("责任单位"), {"fields": ("competent_department", "owner_unit", "maintenance_unit")}),
        (_("位置"), {"fields": ("lon", "lat", "grid"), "description": _("所在网格由经纬度自动确定。")}),
        (
            _("其他"),
            {"fields": ("initial_date", "changed_date", "data_source", "note", "created_at", "updated_at")},
        ),
    )

    def get_urls(self) -> list[URLPattern]:
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="assets_component_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        summary: ImportSummary | None = None
        report: ValidationReport | None = None
        rejection = ""
        if request.method == "POST":
            form = ComponentImportForm(request.POST, request.FILES)
            if form.is_valid():
                summary, report, rejection = self._run_import(request, form)
        else:
            form = ComponentImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入部件"),
            "form": form,
            "summary": summary,
            "rejection": rejection,
            "issues": report.issues[:REPORT_ROWS_SHOWN] if report else [],
            "issue_count": len(report) if report else 0,
            "issues_hidden": max(0, len(report) - REPORT_ROWS_SHOWN) if report else 0,
        }
        return TemplateResponse(request, "admin/assets/component/import.html", context)

    def _run_import(
        self, request: HttpRequest, form: ComponentImportForm
    ) -> tuple[ImportSummary | None, ValidationReport | None, str]:
        upsert = form.cleaned_data["upsert"]
        if upsert and not self.has_change_permission(request):
            form.add_error("upsert", _("您没有修改部件的权限，不能更新已有部件。"))
            return None, None, ""
        try:
            summary = do_import_components(
                form.cleaned_data["file"],
                form.cleaned_data["file_format"],
                scheme=form.cleaned_data["scheme"],
                mode="upsert" if upsert else "create",
            )
        except ImportRejected as rejected:
            return None, rejected.report, rejected.message
        except DomainError as error:
            form.add_error("file", error.message)
            return None, None, ""
        return summary, None, ""

    @admin.action(description=_("导出所选部件（CSV）"), permissions=["view"])
    def export_selected_csv(self, request: HttpRequest, queryset: QuerySet[Component]) -> HttpResponse:
        return self._export(queryset, "csv")

    @admin.action(description=_("导出所选部件（XLSX）"), permissions=["view"])
    def export_selected_xlsx(self, request: HttpRequest, queryset: QuerySet[Component]) -> HttpResponse:
        return self._export(queryset, "xlsx")

    def _export(self, queryset: QuerySet[Component], file_format: str) -> HttpResponse:
        content = export_components(queryset.order_by("identifier"), file_format)
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response = HttpResponse(content, content_type=CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="components-{stamp}.{file_format}"'
        return response
