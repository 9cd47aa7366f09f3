"""Forms of the geo admin pages."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

# An upload larger than this is refused before it is read: 100,000 grids fit well within it.
MAX_GRID_IMPORT_BYTES = 200 * 1024 * 1024


class GridImportForm(forms.Form):
    """Upload of a GeoJSON FeatureCollection; ``cleaned_data["data"]`` is the parsed JSON."""

    file = forms.FileField(
        label=_("GeoJSON 文件"), help_text=_("UTF-8 编码的 FeatureCollection，坐标为 WGS84 经纬度。")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_GRID_IMPORT_BYTES:
            raise forms.ValidationError(
                _("文件过大：%(size)d MB，上限 %(limit)d MB。"),
                params={
                    "size": upload.size // (1024 * 1024),
                    "limit": MAX_GRID_IMPORT_BYTES // (1024 * 1024),
                },
            )
        try:
            self.cleaned_data["data"] = json.loads(upload.read().decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise forms.ValidationError(
                _("文件不是有效的 UTF-8 JSON：%(reason)s"), params={"reason": exc}
            ) from None
        return upload
