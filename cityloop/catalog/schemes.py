"""The classification schemes shipped as seed data, and how their rows are read from the CSV files.

Each ``SchemeSpec`` names a scheme and the notes tags whose rows form it. ``read_scheme_rows`` turns
the two seed files into one row per (kind, code), resolving clashes between sources of the same
scheme deterministically: the source earlier in ``SchemeSpec.tags`` wins, then the earlier row.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from cityloop.catalog.models import CategoryKind

DATA_DIR = Path(__file__).resolve().parent / "data"
SOURCE_FILES = {CategoryKind.COMPONENT.value: "components.csv", CategoryKind.EVENT.value: "events.csv"}
MAJOR_CODE_LENGTH = 2

_TAG = re.compile(r"^\s*\[([^\]]+)\]")


@dataclass(frozen=True)
class SchemeSpec:
    """A scheme we ship: its ``Scheme`` row fields and the notes tags of its rows, by precedence."""

    key: str
    name: str
    standard: str
    version: str
    category_code_length: int
    component_identifier_length: int
    tags: tuple[str, ...]
    default_candidate: bool = False

    @property
    def minor_code_length(self) -> int:
        return self.category_code_length - MAJOR_CODE_LENGTH


SCHEMES: dict[str, SchemeSpec] = {
    spec.key: spec
    for spec in (
        SchemeSpec(
            key="gbt47678-2026",
            name="GB/T 47678.5-2026 管理部件和事项",
            standard="GB/T 47678.5-2026",
            version="2026",
            category_code_length=5,
            component_identifier_length=17,
            tags=("GB/T 47678.5-2026",),
            default_candidate=True,
        ),
        SchemeSpec(
            key="legacy",
            name="旧标准部件事件分类（4位代码）",
            standard="GB/T 30428.2-2013 / CJ/T 214-2007（各地部署）",
            version="legacy",
            category_code_length=4,
            component_identifier_length=16,
            tags=("LEGACY-SZ", "LEGACY-2007", "LEGACY-2013?"),
        ),
    )
}


@dataclass
class SourceRow:
    """One category row of a seed file, as it will be written (notes may gain clash remarks)."""

    kind: str
    code: str
    major_code: str
    major_name: str
    minor_code: str
    name: str
    notes: str
    tag: str
    line: int
    remarks: list[str] = field(default_factory=list)

    @property
    def full_notes(self) -> str:
        return "；".join([self.notes, *self.remarks]) if self.remarks else self.notes


@dataclass
class SchemeRows:
    """The rows of one scheme after clash resolution, plus what was dropped and why."""

    spec: SchemeSpec
    rows: list[SourceRow]
    dropped: list[SourceRow]
    # (kind, major code) → major name, taken from the winning source.
    majors: dict[tuple[str, str], str]


def row_tag(notes: str) -> str | None:
    """The scheme tag a row's notes start with (``[LEGACY-2007] …`` → ``LEGACY-2007``)."""
    match = _TAG.match(notes or "")
    return match.group(1).strip() if match else None


def _iter_file(kind: str, data_dir: Path) -> Iterator[SourceRow]:
    path = data_dir / SOURCE_FILES[kind]
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            notes = (raw.get("notes") or "").strip()
            yield SourceRow(
                kind=kind,
                code=raw["code"].strip(),
                major_code=raw["major_code"].strip(),
                major_name=raw["major_name"].strip(),
                minor_code=raw["minor_code"].strip(),
                name=raw["minor_name"].strip(),
                notes=notes,
                tag=row_tag(notes) or "",
                line=line,
            )


def read_scheme_rows(spec: SchemeSpec, data_dir: Path = DATA_DIR) -> SchemeRows:
    """All rows of ``spec`` from the seed files, one per (kind, code), clashes resolved."""
    precedence = {tag: index for index, tag in enumerate(spec.tags)}
    candidates = [row for kind in SOURCE_FILES for row in _iter_file(kind, data_dir) if row.tag in precedence]
    candidates.sort(key=lambda row: (row.kind, precedence[row.tag], row.line))
    winners: dict[tuple[str, str], SourceRow] = {}
    majors: dict[tuple[str, str], str] = {}
    dropped: list[SourceRow] = []
    for row in candidates:
        major_key = (row.kind, row.major_code)
        major_name = majors.setdefault(major_key, row.major_name)
        winner = winners.get((row.kind, row.code))
        if winner is not None:
            dropped.append(row)
            winner.remarks.append(
                f"代码冲突：来源 [{row.tag}] 将 {row.code} 用于「{row.name}」（{row.major_name}），"
                f"按来源优先级保留 [{winner.tag}]"
            )
            continue
        if major_name != row.major_name:
            row.remarks.append(
                f"来源 [{row.tag}] 的大类名称为「{row.major_name}」，与本方案「{major_name}」不一致"
            )
        winners[(row.kind, row.code)] = row
    rows = sorted(winners.values(), key=lambda row: (row.kind, row.code))
    return SchemeRows(spec=spec, rows=rows, dropped=dropped, majors=majors)
