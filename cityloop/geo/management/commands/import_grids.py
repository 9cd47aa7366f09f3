"""``manage.py import_grids PATH``: import regions and grids from a GeoJSON FeatureCollection."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityloop.core.validation import ImportRejected
from cityloop.geo.grid_import import do_import_grids


class Command(BaseCommand):
    help = "从 GeoJSON FeatureCollection 导入区域与单元网格；有任何问题时全部不写入并列出问题。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="GeoJSON 文件路径（UTF-8）")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["path"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {path}：{exc.strerror or exc}") from None
        try:
            summary = do_import_grids(content)
        except ImportRejected as rejected:
            self.stderr.write(rejected.report.as_text())
            raise CommandError(rejected.message) from None
        self.stdout.write(self.style.SUCCESS("导入完成。"))
        self.stdout.write(summary.as_text())
