"""Organisation admin: the department tree, post assignments and the responsibility matrix."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cityloop.org.models import Department, PostAssignment, Responsibility


class PostAssignmentInline(admin.TabularInline):
    model = PostAssignment
    fk_name = "user"
    extra = 0
    fields = ("post", "department", "regions", "scope_departments", "is_active")
    autocomplete_fields = ("department",)
    filter_horizontal = ("regions", "scope_departments")


class ChildDepartmentInline(admin.TabularInline):
    model = Department
    fk_name = "parent"
    extra = 0
    fields = ("code", "name", "level", "kind", "region", "is_active")
    autocomplete_fields = ("region",)
    show_change_link = True
    verbose_name = _("下级部门")
    verbose_name_plural = _("下级部门")


@admin.register(Department)
class DepartmentAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "short_name", "level", "kind", "parent", "region", "is_active")
    list_filter = ("level", "kind", "is_active")
    search_fields = ("code", "name", "short_name")
    autocomplete_fields = ("parent", "region")
    list_select_related = ("parent", "region")
    fields = ("code", "name", "short_name", "level", "kind", "parent", "region", "phone", "is_active")
    inlines = [ChildDepartmentInline]


@admin.register(PostAssignment)
class PostAssignmentAdmin(admin.ModelAdmin):
    list_display = ("user", "post", "department", "is_active")
    list_filter = ("post", "is_active", ("department", admin.RelatedOnlyFieldListFilter))
    search_fields = ("user__username", "user__full_name", "department__name")
    autocomplete_fields = ("user", "department")
    filter_horizontal = ("regions", "scope_departments")
    list_select_related = ("user", "department")


class ResponsibilityForm(forms.ModelForm):
    """Says plainly that a line names a region or a grid, not both, instead of failing in the database."""

    class Meta:
        model = Responsibility
        fields = ("category", "region", "grid", "department", "note")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("region") and cleaned.get("grid"):
            message = _("区域和网格只能填写其一：按网格指定时请清空区域；都不填表示全域兜底。")
            self.add_error("region", message)
            self.add_error("grid", message)
        return cleaned


@admin.register(Responsibility)
class ResponsibilityAdmin(admin.ModelAdmin):
    form = ResponsibilityForm
    list_display = ("category", "place", "department", "note")
    list_filter = (
        "category__scheme",
        "category__kind",
        "region__level",
        ("department", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("category__code", "category__name", "department__name", "region__name", "grid__code")
    autocomplete_fields = ("category", "region", "grid", "department")
    list_select_related = ("category", "region", "grid", "department")

    @admin.display(description=_("地点"))
    def place(self, obj: Responsibility) -> str:
        if obj.grid is not None:
            return f"{_('网格')} {obj.grid}"
        if obj.region is not None:
            return str(obj.region)
        return str(_("全域（兜底）"))
