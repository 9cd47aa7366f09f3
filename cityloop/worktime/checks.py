"""System check: warn when a calendar lacks a year that deadlines will soon reach.

Tagged ``database`` as Django asks of checks that query: it runs in ``migrate`` (so every deployment
sees it), in ``check --database default`` and in test runners, not in a plain ``check``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.checks import CheckMessage, Tags, Warning, register
from django.db import DatabaseError

from cityloop.worktime.health import get_calendar_warnings


@register(Tags.database)
def check_calendar_years(
    app_configs: Sequence[Any] | None = None, databases: Iterable[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """worktime.W001 per calendar and missing year within the horizon."""
    if not databases or "default" not in databases:
        return []
    try:
        warnings = get_calendar_warnings()
    except DatabaseError:
        return []  # not migrated yet: migrate creates the default calendar and its years
    return [
        Warning(
            warning.message,
            hint=f"在管理后台“日历年度 → 导入年度日历”上传 {warning.year} 年的 CSV，"
            f"或运行 manage.py import_calendar_year '{warning.calendar_name}' {warning.year} 文件.csv",
            obj=warning.calendar_name,
            id="worktime.W001",
        )
        for warning in warnings
    ]
