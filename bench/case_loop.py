"""Benchmark of the closed loop: transitions per second, and queue pages as history grows.

- Full loop: cases taken from registration to close through the real workflow functions (8
  transitions each, every one checked, versioned and logged), timed as transitions per second.
- Queue pages: the dispatcher's 待派遣 queue, the department's queue by deadline and the leader's
  all-cases list, first page and a page deep into the list, timed with a fixed set of open cases
  while closed history grows from 10k to 1M cases. Flat pages mean a ratio near 1.

Usage: ``python bench/case_loop.py [--history 10000,1000000] [--loops 200]``; DATABASE_URL selects
PostgreSQL (a throw-away ``test_…`` database). ``main()`` returns the figures for bench/run.py.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path
from typing import Any

from harness import create_database, median_seconds, setup_django

OPEN_CASES = 2_000
BATCH = 5_000


def full_loops(world: Any, count: int) -> float:
    from cityloop.cases import workflow as wf
    from tests.cases.world import photo

    u = world.users
    start = time.perf_counter()
    for _ in range(count):
        case = world.report()
        wf.accept_case(u["operator"], case)
        wf.file_case(u["shift_leader"], case, filing_condition=world.standard)
        wf.dispatch_case(u["dispatcher"], case)
        wf.submit_feedback(u["handler"], case, note="完成", photos=[photo()])
        wf.send_for_check(u["operator"], case)
        wf.pass_check(u["inspector"], case)
        wf.close_case(u["shift_leader"], case)
    return count * 8 / (time.perf_counter() - start)


def grow_history(world: Any, target: int) -> None:
    """Bulk-insert closed cases (and keep OPEN_CASES open ones) until the table holds ``target``."""
    import datetime as dt

    from cityloop.cases.models import Case
    from cityloop.cases.states import CaseStatus

    template = Case.objects.filter(status=CaseStatus.CLOSED).first()
    assert template is not None
    existing = Case.objects.count()
    statuses = [CaseStatus.PENDING_DISPATCH, CaseStatus.HANDLING, CaseStatus.PENDING_ACCEPTANCE]
    fields = {
        f.attname: getattr(template, f.attname) for f in Case._meta.concrete_fields if f.attname != "id"
    }
    rows = []
    for i in range(existing, target):
        is_open = i < OPEN_CASES
        created = template.created_at - dt.timedelta(minutes=(target - i) % 500_000)
        row = Case(**fields)
        row.number = f"H{i:013d}"
        row.created_at = row.updated_at = created
        if is_open:
            row.status = statuses[i % 3]
            row.closed_at = None
            if row.status != CaseStatus.HANDLING:
                row.department_id = row.deadline = row.yellow_at = None
            else:
                row.deadline = created + dt.timedelta(hours=4 + i % 50)
        rows.append(row)
        if len(rows) >= BATCH:
            Case.objects.bulk_create(rows)
            rows = []
    if rows:
        Case.objects.bulk_create(rows)


def page_timings(world: Any) -> dict[str, float]:
    from cityloop.cases.models import Case
    from cityloop.cases.queries import keyset_page, queue

    def fresh(key: str) -> Any:
        user = world.users[key]
        return type(user).objects.get(pk=user.pk)

    def walk(cases_for: Any, order: str, depth: int) -> None:
        cursor = None
        for _ in range(depth):
            page = keyset_page(
                cases_for().select_related("category", "grid"), order=order, after=cursor, size=50
            )
            [(c.category.name, c.grid.code) for c in page.items]
            cursor = page.next_cursor
            if cursor is None:
                break

    return {
        "dispatch_queue_first_page": median_seconds(
            lambda: walk(lambda: queue(fresh("dispatcher"), "pending_dispatch"), "newest", 1)
        ),
        "department_queue_first_page": median_seconds(
            lambda: walk(lambda: queue(fresh("handler"), "department"), "deadline", 1)
        ),
        "all_cases_page_10": median_seconds(
            lambda: walk(lambda: Case.objects.visible_to(fresh("leader")), "newest", 10), repeat=5
        ),
    }


def run(history: list[int], loops: int) -> dict[str, float | str]:
    from django.db import connection

    from cityloop.core.clock import frozen_at
    from tests.cases.world import MONDAY_9AM, build_loop_world

    figures: dict[str, float | str] = {"database": connection.vendor}
    with frozen_at(MONDAY_9AM):
        world = build_loop_world()
        figures["full_loop_transitions_per_s"] = full_loops(world, loops)
        by_size = {}
        for size in history:
            grow_history(world, size)
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE cases_case")
            by_size[size] = page_timings(world)
            for name, seconds in by_size[size].items():
                figures[f"{name}_ms@{size}"] = seconds * 1000
    small, large = min(history), max(history)
    for name in by_size[small]:
        figures[f"{name}_ratio_{large}/{small}"] = by_size[large][name] / by_size[small][name]
    return figures


def main(history: list[int] | None = None, loops: int = 200) -> dict[str, float | str]:
    history = history or [10_000, 1_000_000]
    with tempfile.TemporaryDirectory(prefix="cityloop-bench-") as workdir:
        setup_django(Path(workdir))
        configured = create_database(Path(workdir))
        from django.db import connection

        try:
            figures = run(history, loops)
        finally:
            connection.creation.destroy_test_db(configured, verbosity=0)
    print("\n案件闭环基准")
    for key, value in figures.items():
        print(f"{key:<52} {value:>12,.2f}" if isinstance(value, float) else f"{key:<52} {value:>12}")
    return figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--history", default="10000,1000000", help="历史案件规模，逗号分隔")
    parser.add_argument("--loops", type=int, default=200, help="完整闭环案件数")
    arguments = parser.parse_args()
    main([int(n) for n in arguments.history.split(",")], arguments.loops)
