"""manage.py import_calendar_year CALENDAR YEAR PATH [--note TEXT] [--notice]"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected
from cityloop.worktime.importing import do_import_year, do_import_year_csv
from cityloop.worktime.models import WorkCalendar
from cityloop.worktime.notice import parse_state_council_notice


class Command(BaseCommand):
    help = "从 CSV（date,kind,name；kind 为 休/班）导入或替换工作日历某一年的节假日与调休上班日。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("calendar", help="日历名称")
        parser.add_argument("year", type=int)
        parser.add_argument("path", type=Path, help="UTF-8 CSV 文件")
        parser.add_argument("--note", default="", help="备注，如国务院办公厅通知文号")
        parser.add_argument(
            "--notice", action="store_true", help="文件是国务院办公厅放假通知的纯文本，而不是 CSV"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            calendar = WorkCalendar.objects.get(name=options["calendar"])
        except WorkCalendar.DoesNotExist as error:
            raise CommandError(f"没有名为“{options['calendar']}”的工作日历") from error
        try:
            text = options["path"].read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"无法读取 {options['path']}：{error}") from error
        try:
            if options["notice"]:
                rows = parse_state_council_notice(text, options["year"])
                calendar_year = do_import_year(calendar, options["year"], rows, note=options["note"])
            else:
                calendar_year = do_import_year_csv(calendar, options["year"], text, note=options["note"])
        except ImportRejected as error:
            raise CommandError(f"{error.message}\n{error.report.as_text(limit=50)}") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        count = calendar_year.special_days.count()
        self.stdout.write(f"{calendar_year}：已导入 {count} 个特殊日期")
