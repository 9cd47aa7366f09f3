"""The queries the workbenches run use indexes (PostgreSQL EXPLAIN), so they stay flat with history."""

import pytest
from django.db import connection

from cityloop.cases.models import Case
from cityloop.cases.queries import CaseFilters, filter_cases, queue

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="EXPLAIN plans are PostgreSQL's")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # tiny test tables would be scanned anyway
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_text_search__uses_the_trigram_index(world):
    cases = filter_cases(Case.objects.all(), CaseFilters(text="建筑垃圾"))
    assert "case_description_trgm" in _plan(cases)


# An "Index Cond" means an index narrows the rows (not merely walks the table in id order); which
# index wins on a tiny test table is the planner's business, that one can serve the query is ours.
def test_department_queue_by_deadline__is_served_by_an_index(world):
    cases = (
        queue(world.user("handler"), "department").filter(deadline__isnull=False).order_by("deadline", "id")
    )
    assert "Index Cond" in _plan(cases[:51])


def test_dispatch_queue_newest_first__is_served_by_an_index(world):
    cases = queue(world.user("dispatcher"), "pending_dispatch").order_by("-id")
    assert "Index Cond" in _plan(cases[:51])


def test_text_search_without_index__would_scan(world):
    # the control: on a column without a trigram index no index can narrow a substring search
    cases = Case.objects.filter(reporter_name__icontains="张三")
    assert "Index Cond" not in _plan(cases)
