"""Admin of regions, grids and grid versions, with the GeoJSON grid import page."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.urls import URLPattern, path
from django.utils.translation import gettext_lazy as _

from cityloop.core.validation import ImportRejected
from cityloop.geo.forms import GridImportForm
from cityloop.geo.grid_import import LEVEL_NAMES, do_import_grids
from cityloop.geo.models import Grid, GridVersion, Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name")
    autocomplete_fields = ("parent",)
    list_select_related = ("parent",)


class GridVersionInline(admin.TabularInline):
    model = GridVersion
    fields = ("number", "valid_from", "valid_to", "area_m2", "note")
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ("-number",)
    verbose_name_plural = _("边界版本")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Grid)
class GridAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "community", "area_class", "is_active")
    list_filter = ("area_class", "is_active")
    search_fields = ("code", "name")
    autocomplete_fields = ("community",)
    list_select_related = ("community",)
    inlines = (GridVersionInline,)
    change_list_template = "admin/geo/grid/change_list.html"

    def get_urls(self) -> list[URLPattern]:
        view = self.admin_site.admin_view(self.import_view)
        return [path("import/", view, name="geo_grid_import"), *super().get_urls()]

    def import_view(self, request: HttpRequest) -> HttpResponse:
        """Upload a GeoJSON file; show the created/redrawn counts or the full problem report."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        summary_rows: list[tuple[str, dict[str, int]]] | None = None
        issues = None
        rejection = ""
        if request.method == "POST":
            form = GridImportForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    summary = do_import_grids(form.cleaned_data["data"])
                except ImportRejected as rejected:
                    issues, rejection = rejected.report.issues, rejected.message
                else:
                    summary_rows = [(LEVEL_NAMES[level], c) for level, c in summary.counts.items()]
        else:
            form = GridImportForm()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("导入网格 (GeoJSON)"),
            "form": form,
            "summary_rows": summary_rows,
            "issues": issues,
            "rejection": rejection,
        }
        return TemplateResponse(request, "admin/geo/grid/import.html", context)


@admin.register(GridVersion)
class GridVersionAdmin(admin.ModelAdmin):
    list_display = ("grid", "number", "valid_from", "valid_to", "area_m2")
    list_filter = ("valid_to",)
    search_fields = ("grid__code",)
    list_select_related = ("grid",)
    readonly_fields = (
        "grid",
        "number",
        "geometry",
        "min_lon",
        "min_lat",
        "max_lon",
        "max_lat",
        "area_m2",
        "valid_from",
        "valid_to",
        "note",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
