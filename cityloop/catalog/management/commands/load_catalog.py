"""``manage.py load_catalog``: load the shipped classification schemes and case standards."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from cityloop.catalog.loading import LoadSummary, load_all_schemes, load_case_standards, load_scheme
from cityloop.catalog.schemes import SCHEMES
from cityloop.core.errors import DomainError
from cityloop.core.validation import ImportRejected


class Command(BaseCommand):
    help = "载入分类方案（大类、小类）和立结案标准；可重复执行，不删除任何数据。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scheme", choices=sorted(SCHEMES), help="只载入这个分类方案")
        parser.add_argument("--no-standards", action="store_true", help="不载入立结案标准")
        parser.add_argument(
            "--standards",
            metavar="PATH",
            help="从这个 CSV 导入立结案标准并更新已有行（默认只补充内置标准中缺少的行）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        key = options["scheme"]
        try:
            summary = load_scheme(key) if key else load_all_schemes()
            if not options["no_standards"]:
                summary.merge(
                    load_case_standards(
                        options["standards"],
                        update_existing=bool(options["standards"]),
                        schemes=[key] if key else None,
                    )
                )
        except ImportRejected as error:
            raise CommandError(f"{error.message}\n{error.report.as_text(limit=50)}") from error
        except DomainError as error:
            raise CommandError(error.message) from error
        self._report(summary)

    def _report(self, summary: LoadSummary) -> None:
        for warning in summary.warnings:
            self.stdout.write(self.style.WARNING(warning))
        self.stdout.write(summary.as_text())
