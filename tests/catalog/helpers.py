"""Reading the seed files independently of the loader, so tests compare against the data itself."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

from cityloop.catalog.schemes import DATA_DIR, row_tag


def seed_rows_by_tag() -> dict[str, list[dict[str, str]]]:
    """Every row of the two seed files, grouped by its notes tag, with its kind added."""
    rows: dict[str, list[dict[str, str]]] = defaultdict(list)
    for kind, name in (("component", "components.csv"), ("event", "events.csv")):
        with Path(DATA_DIR, name).open(encoding="utf-8-sig", newline="") as handle:
            for row in csv.DictReader(handle):
                rows[row_tag(row["notes"]) or ""].append({**row, "kind": kind})
    return rows


def expected_counts(tags: tuple[str, ...]) -> dict[str, int]:
    """Categories per kind a scheme made of ``tags`` should have: one per distinct (kind, code)."""
    by_tag = seed_rows_by_tag()
    keys = {(row["kind"], row["code"]) for tag in tags for row in by_tag[tag]}
    return {kind: sum(1 for key_kind, _code in keys if key_kind == kind) for kind in ("component", "event")}
