"""What the workbenches ask: queues per post, filters, and keyset pagination (issue #3 §7).

Every query starts from ``Case.objects.visible_to(user)``. Pages are keyset-paginated on indexed
columns (``-id`` for "newest first", ``(deadline, id)`` for "most urgent first"), so page N costs the
same as page 1 however long the history is.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Literal

from django.db.models import Q
from django.utils import timezone

from cityloop.cases.access import get_scopes
from cityloop.cases.models import Case
from cityloop.cases.querysets import CaseQuerySet
from cityloop.cases.states import CaseStatus
from cityloop.core import clock
from cityloop.core.errors import DomainError
from cityloop.org.models import Post

S = CaseStatus
QUEUE_STATUSES: dict[str, Q] = {
    "pending_acceptance": Q(status=S.PENDING_ACCEPTANCE),
    "verification_tasks": Q(status=S.VERIFYING),
    "pending_filing": Q(status=S.PENDING_FILING),
    "pending_dispatch": Q(status=S.PENDING_DISPATCH),
    "department": Q(status__in=[S.HANDLING, S.SUSPENDED]),
    "pending_check": Q(status=S.PENDING_CHECK),
    "check_tasks": Q(status=S.CHECKING),
    "pending_close": Q(status=S.PENDING_CLOSE),
    "pending_approvals": ~Q(pending_request=""),
}
Light = Literal["red", "yellow", "green"]


def queue(user: Any, name: str) -> CaseQuerySet:
    """The cases waiting in one queue, as far as the user may see them."""
    if name not in QUEUE_STATUSES:
        raise DomainError("queue_unknown", f"未知的队列“{name}”。")
    cases = Case.objects.visible_to(user).filter(QUEUE_STATUSES[name])
    if name == "department":
        departments = {d for s in get_scopes(user) if s.post == Post.HANDLER for d in s.department_ids}
        cases = cases.filter(department_id__in=departments)
    if name in ("verification_tasks", "check_tasks"):
        cases = cases.filter(Q(assignee=user) | Q(assignee__isnull=True))
    return cases


@dataclass
class CaseFilters:
    """Every filter the search page and the API offer; empty fields do not filter."""

    statuses: list[str] = field(default_factory=list)
    category_ids: list[int] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    region_id: int | None = None
    department_id: int | None = None
    created_from: date | None = None
    created_to: date | None = None  # inclusive, local days
    light: Light | None = None
    text: str = ""


def filter_cases(cases: CaseQuerySet, filters: CaseFilters) -> CaseQuerySet:
    if filters.created_from and filters.created_to and filters.created_from > filters.created_to:
        raise DomainError("date_range_reversed", "开始日期不能晚于结束日期。")
    if filters.statuses:
        cases = cases.filter(status__in=filters.statuses)
    if filters.category_ids:
        cases = cases.filter(category_id__in=filters.category_ids)
    if filters.sources:
        cases = cases.filter(source__in=filters.sources)
    if filters.region_id is not None:
        cases = cases.in_region_ids({filters.region_id})
    if filters.department_id is not None:
        cases = cases.filter(department_id=filters.department_id)
    if filters.created_from:
        cases = cases.filter(created_at__gte=_local_midnight(filters.created_from))
    if filters.created_to:
        cases = cases.filter(created_at__lt=_local_midnight(filters.created_to + timedelta(days=1)))
    if filters.light:
        now = clock.now()
        cases = {"red": cases.overdue, "yellow": cases.nearly_overdue, "green": cases.on_time}[filters.light](
            now
        )
    text = filters.text.strip()
    if text:
        cases = cases.filter(Q(description__icontains=text) | Q(address__icontains=text) | Q(number=text))
    return cases


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, datetime.min.time()))


@dataclass
class Page:
    items: list[Case]
    next_cursor: str | None


Order = Literal["newest", "deadline"]


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode().rstrip("=")


def _decode(cursor: str) -> list[Any]:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        values = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError) as error:
        raise DomainError("cursor_invalid", "分页游标无效。") from error
    if not isinstance(values, list) or not values:
        raise DomainError("cursor_invalid", "分页游标无效。")
    return values


def keyset_page(
    cases: CaseQuerySet, *, order: Order = "newest", after: str | None = None, size: int = 50
) -> Page:
    """One page after ``after``; ``deadline`` order puts cases without a deadline last."""
    if not 1 <= size <= 500:
        raise DomainError("page_size_invalid", "每页条数须在 1–500 之间。")
    if order == "newest":
        cases = cases.order_by("-id")
        if after:
            (last_id,) = _decode(after)[:1]
            cases = cases.filter(id__lt=int(last_id))
    elif order == "deadline":
        cases = cases.filter(deadline__isnull=False).order_by("deadline", "id")
        if after:
            values = _decode(after)
            try:
                deadline, last_id = datetime.fromisoformat(values[0]), int(values[1])
            except (IndexError, TypeError, ValueError) as error:
                raise DomainError("cursor_invalid", "分页游标无效。") from error
            cases = cases.filter(Q(deadline__gt=deadline) | Q(deadline=deadline, id__gt=last_id))
    else:
        raise DomainError("order_unknown", f"未知的排序“{order}”。")
    items = list(cases[: size + 1])
    more = len(items) > size
    items = items[:size]
    if not more or not items:
        return Page(items, None)
    last = items[-1]
    cursor = _encode([last.pk]) if order == "newest" else _encode([last.deadline.isoformat(), last.pk])  # type: ignore[union-attr]
    return Page(items, cursor)
