"""``manage.py export_components PATH``: export the component inventory to a file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityloop.assets.exporting import EXPORT_FORMATS, export_components
from cityloop.assets.models import Component
from cityloop.assets.reading import format_from_name


class Command(BaseCommand):
    help = "导出部件（CSV、XLSX 或 GeoJSON），表头与导入相同，可直接改后以 --upsert 导回。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="输出文件")
        parser.add_argument("--format", choices=EXPORT_FORMATS, help="文件格式；默认按扩展名判断")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        file_format = options["format"] or format_from_name(path.name)
        if file_format is None:
            raise CommandError(
                f"无法从文件名“{path.name}”判断格式，请用 --format 指定 csv、xlsx 或 geojson。"
            )
        queryset = Component.objects.order_by("identifier")
        try:
            path.write_bytes(export_components(queryset, file_format))
        except OSError as error:
            raise CommandError(f"无法写入 {path}：{error.strerror}") from None
        self.stdout.write(self.style.SUCCESS(f"已导出 {queryset.count()} 个部件到 {path}。"))
