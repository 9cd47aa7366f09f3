"""Catalogue admin for data staff: schemes, categories with their case standards, local categories."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from cityloop.catalog.actions import check_local_category
from cityloop.catalog.models import Category, FilingCondition, MajorCategory, Scheme
from cityloop.core.errors import DomainError

_FIELD_OF_CODE = {
    "category_code_malformed": "minor_code",
    "category_exists": "minor_code",
    "major_unknown": "major",
    "category_name_required": "name",
}


@admin.register(Scheme)
class SchemeAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "standard", "version", "category_code_length", "is_default")
    list_filter = ("is_default",)
    search_fields = ("code", "name", "standard")
    readonly_fields = ("created_at",)


@admin.register(MajorCategory)
class MajorCategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "scheme")
    list_filter = ("scheme", "kind")
    search_fields = ("code", "name")
    list_select_related = ("scheme",)


class FilingConditionInline(admin.StackedInline):
    model = FilingCondition
    extra = 0
    fields = (
        "description",
        ("time_limit_value", "time_limit_unit", "is_urgent"),
        "closing_condition",
        "default_department",
        ("sort_order", "is_active"),
    )
    autocomplete_fields = ("default_department",)


class MajorChoiceField(forms.ModelChoiceField):
    """Majors labelled with their scheme and kind, since the same code exists in several of them."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.scheme.name} · {obj.get_kind_display()} · {obj.code} {obj.name}"


class LocalCategoryForm(forms.ModelForm):
    """Adds a bureau's own minor category: validated exactly like ``do_add_local_category``."""

    major = MajorChoiceField(
        label=_("大类"),
        queryset=MajorCategory.objects.select_related("scheme").order_by("scheme__code", "kind", "code"),
    )

    class Meta:
        model = Category
        fields = ("major", "minor_code", "name", "notes", "is_active")
        help_texts = {
            "minor_code": _("GB/T 47678.5-2026 为 3 位；旧标准为 2 位，本地扩展通常从 21 或 99 开始。"),
        }

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        major = cleaned.get("major")
        minor_code = (cleaned.get("minor_code") or "").strip()
        name = (cleaned.get("name") or "").strip()
        if major is None or self.errors:
            return cleaned
        try:
            check_local_category(major.scheme, major.kind, major.code, minor_code, name)
        except DomainError as error:
            self.add_error(_FIELD_OF_CODE.get(error.code), error.message)
            return cleaned
        self.instance.scheme = major.scheme
        self.instance.kind = major.kind
        self.instance.code = major.code + minor_code
        self.instance.minor_code = minor_code
        self.instance.name = name
        self.instance.is_local = True
        return cleaned

    def validate_unique(self) -> None:
        # Uniqueness was checked by check_local_category with a clearer message.
        return None


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "kind", "major", "scheme", "is_local", "is_active")
    list_filter = ("scheme", "kind", "major", "is_local", "is_active")
    search_fields = ("code", "name")
    list_select_related = ("scheme", "major")
    inlines = [FilingConditionInline]
    fields = ("scheme", "kind", "major", "code", "minor_code", "name", "notes", "is_local", "is_active")

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        if obj is None:
            kwargs["form"] = LocalCategoryForm
            kwargs["fields"] = LocalCategoryForm.Meta.fields
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        return LocalCategoryForm.Meta.fields if obj is None else self.fields

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ()
        # A code identifies the category in cases and imports; standard names come from the seed.
        frozen = ("scheme", "kind", "major", "code", "minor_code", "is_local")
        return frozen if obj.is_local else (*frozen, "name")


@admin.register(FilingCondition)
class FilingConditionAdmin(admin.ModelAdmin):
    list_display = (
        "category",
        "description",
        "time_limit_value",
        "time_limit_unit",
        "closing_condition",
        "is_urgent",
        "default_department",
        "is_active",
    )
    list_filter = ("category__scheme", "category__kind", "time_limit_unit", "is_urgent", "is_active")
    search_fields = ("category__code", "category__name", "description", "closing_condition")
    autocomplete_fields = ("category", "default_department")
    list_select_related = ("category", "default_department")
