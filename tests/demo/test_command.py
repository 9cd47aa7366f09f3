"""``manage.py load_demo``: refused in production, idempotent, prints the accounts."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from cityloop.demo.build import demo_counts
from cityloop.geo.models import Region


def run(*args: str) -> str:
    out = StringIO()
    call_command("load_demo", *args, stdout=out, verbosity=0)
    return out.getvalue()


@override_settings(CITYLOOP_DEMO_ALLOWED=False)
def test_load_demo__refuses_in_production(db):
    with pytest.raises(CommandError, match="生产环境"):
        run("--seed", "1", "--grids", "20", "--components", "10")

    assert not Region.objects.exists()


def test_load_demo__second_run_changes_nothing_and_prints_the_accounts(db):
    first = run("--seed", "3", "--grids", "30", "--components", "200")
    counts = demo_counts()

    second = run("--seed", "4", "--grids", "50", "--components", "300")

    assert demo_counts() == counts
    assert "已存在" in second and "已存在" not in first
    for output in (first, second):
        assert "demo-admin" in output and "demo-inspector-001-1" in output
        assert "用户名" in output and "派遣员" in output
    assert counts["单元网格"] == 30 and counts["部件"] == 200


def test_load_demo__rejects_impossible_sizes(db):
    with pytest.raises(CommandError):
        run("--grids", "1")
    with pytest.raises(CommandError):
        run("--districts", "0")
