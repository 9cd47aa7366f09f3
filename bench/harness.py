"""What every benchmark needs: Django set up on a throw-away database that is dropped afterwards.

A temporary SQLite file by default, or a ``test_…`` database beside DATABASE_URL when that is set,
so a benchmark never touches real data.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent


def setup_django(workdir: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cityloop.settings_test")
    os.environ.setdefault("CITYLOOP_DATA_DIR", str(workdir))
    os.environ.setdefault("CITYLOOP_LOG_LEVEL", "WARNING")
    import django

    django.setup()


def create_database(workdir: Path) -> str:
    """Create the throw-away database; returns the configured name, needed to drop it again."""
    from django.db import connection

    configured = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        connection.settings_dict["TEST"]["NAME"] = str(workdir / "bench.sqlite3")
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    return configured


def median_seconds(action: Callable[[], object], repeat: int = 15) -> float:
    """Median wall time of ``action`` over ``repeat`` runs after one warm-up run."""
    action()
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return median(timings)
