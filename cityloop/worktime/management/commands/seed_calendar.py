"""manage.py seed_calendar [--calendar NAME] [--years 2024-2026] [--replace]"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityloop.core.errors import DomainError
from cityloop.worktime.models import WorkCalendar
from cityloop.worktime.seeding import (
    chinesecalendar_years,
    ensure_default_calendar,
    seed_from_chinesecalendar,
)


def parse_years(text: str) -> list[int]:
    """ "2024-2026" → [2024, 2025, 2026]; "2025" → [2025]; "2020,2022-2023" → [2020, 2022, 2023]."""
    years: list[int] = []
    for part in text.split(","):
        first, _sep, last = part.strip().partition("-")
        try:
            years.extend(range(int(first), int(last or first) + 1))
        except ValueError as error:
            raise CommandError(f"无法识别的年份范围“{text}”，应如 2024-2026") from error
    return years


class Command(BaseCommand):
    help = "从 chinesecalendar 库填充工作日历的年度节假日（默认：默认日历，库中的全部年份；已有年份不覆盖）。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--calendar", help="日历名称（默认：默认日历，没有则创建）")
        parser.add_argument("--years", help="年份范围，如 2024-2026（默认：库中的全部年份）")
        parser.add_argument("--replace", action="store_true", help="覆盖已有的年份（包括手工修改过的）")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["calendar"]:
            try:
                calendar = WorkCalendar.objects.get(name=options["calendar"])
            except WorkCalendar.DoesNotExist as error:
                raise CommandError(f"没有名为“{options['calendar']}”的工作日历") from error
        else:
            calendar = ensure_default_calendar()
        years = parse_years(options["years"]) if options["years"] else list(chinesecalendar_years())
        try:
            written = seed_from_chinesecalendar(calendar, years, replace=options["replace"])
        except DomainError as error:
            raise CommandError(error.message) from error
        done = ", ".join(str(item.year) for item in written) or "无（均已存在，使用 --replace 覆盖）"
        self.stdout.write(f"{calendar.name}：已写入年份 {done}")
