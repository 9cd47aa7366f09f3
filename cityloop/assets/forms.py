"""Admin forms for components: editing one (grid derived from the point) and uploading a file."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from cityloop.assets.identifiers import (
    check_identifier_category,
    check_identifier_district,
    parse_component_identifier,
)
from cityloop.assets.models import Component
from cityloop.assets.reading import FILE_FORMATS, format_from_name
from cityloop.catalog.models import Category, CategoryKind, Scheme
from cityloop.core.errors import DomainError
from cityloop.geo.geocoding import locate
from cityloop.geo.models import Region

MAX_UPLOAD_BYTES = 50 * 1024 * 1024


class ComponentAdminForm(forms.ModelForm):
    """A component edited by hand: the identifier must fit its category, the grid follows the point."""

    class Meta:
        model = Component
        fields = [
            "identifier",
            "category",
            "name",
            "competent_department",
            "owner_unit",
            "maintenance_unit",
            "state",
            "initial_date",
            "changed_date",
            "data_source",
            "note",
            "lon",
            "lat",
        ]

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        category_field = self.fields["category"]
        assert isinstance(category_field, forms.ModelChoiceField)
        category_field.queryset = Category.objects.filter(kind=CategoryKind.COMPONENT).select_related(
            "scheme"
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        lon, lat = cleaned.get("lon"), cleaned.get("lat")
        district_code: str | None = None
        if lon is not None and lat is not None:
            try:
                location = locate(lon, lat)
            except DomainError as error:
                self.add_error("lon", error.message)
            else:
                self.instance.grid_id = location.grid_id
                district_code = (
                    Region.objects.filter(pk=location.district_id).values_list("code", flat=True).first()
                )
        identifier, category = cleaned.get("identifier"), cleaned.get("category")
        if identifier and category is not None:
            try:
                parsed = parse_component_identifier(identifier, category.scheme.component_identifier_length)
                check_identifier_category(parsed, category)
                check_identifier_district(parsed, district_code)
            except DomainError as error:
                self.add_error("identifier", error.message)
        return cleaned


class ComponentImportForm(forms.Form):
    file = forms.FileField(
        label=_("文件"), help_text=_("CSV（UTF-8 或 GBK/GB18030）、XLSX 或 GeoJSON，最大 50 MB。")
    )
    file_format = forms.ChoiceField(
        label=_("格式"),
        required=False,
        choices=[("", _("按扩展名自动识别")), *((name, name.upper()) for name in FILE_FORMATS)],
    )
    scheme = forms.ModelChoiceField(
        label=_("分类方案"), queryset=Scheme.objects.all(), required=False, empty_label=_("默认方案")
    )
    upsert = forms.BooleanField(
        label=_("更新已有部件"), required=False, help_text=_("部件标识码已存在时更新该部件，而不是报错。")
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        upload = cleaned.get("file")
        if upload is None:
            return cleaned
        if upload.size > MAX_UPLOAD_BYTES:
            self.add_error("file", _("文件过大（上限 50 MB），请拆分后分批导入。"))
            return cleaned
        from_name = format_from_name(upload.name or "")
        chosen = cleaned.get("file_format") or from_name
        if chosen is None:
            self.add_error("file", _("无法从文件名判断格式，请选择 CSV、XLSX 或 GeoJSON。"))
        elif from_name is not None and from_name != chosen:
            self.add_error("file", _("文件扩展名与所选格式不符。"))
        cleaned["file_format"] = chosen
        return cleaned
