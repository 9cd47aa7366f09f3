"""Validation reports shared by every bulk import (grids, components, calendars …).

An import first validates everything, collecting one ``Issue`` per problem with where it is (row or
feature), which field, a stable code and a Chinese message; only a clean report lets it write, in one
transaction. ``ImportRejected`` carries the whole report to the face that shows it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from typing import Any

from cityloop.core.errors import DomainError


@dataclass(frozen=True)
class Issue:
    """One problem found in the input. ``where`` is e.g. "第12行" / "要素#3 (32010600100101)"."""

    where: str
    field: str
    code: str
    message: str

    def __str__(self) -> str:
        field_part = f" [{self.field}]" if self.field else ""
        return f"{self.where}{field_part} {self.code}: {self.message}"


@dataclass
class ValidationReport:
    """All issues of one input; empty means the input may be written."""

    issues: list[Issue] = field(default_factory=list)

    def add(self, where: str, field_name: str, code: str, message: str) -> None:
        self.issues.append(Issue(where, field_name, code, message))

    def extend(self, issues: Iterable[Issue]) -> None:
        self.issues.extend(issues)

    @property
    def ok(self) -> bool:
        return not self.issues

    def codes(self) -> set[str]:
        return {issue.code for issue in self.issues}

    def __iter__(self) -> Iterator[Issue]:
        return iter(self.issues)

    def __len__(self) -> int:
        return len(self.issues)

    def as_dicts(self) -> list[dict[str, Any]]:
        return [asdict(issue) for issue in self.issues]

    def as_text(self, limit: int | None = None) -> str:
        shown = self.issues if limit is None else self.issues[:limit]
        lines = [str(issue) for issue in shown]
        if limit is not None and len(self.issues) > limit:
            lines.append(f"…… 另有 {len(self.issues) - limit} 个问题未列出")
        return "\n".join(lines)


class ImportRejected(DomainError):
    """The input had problems; nothing was written. ``report`` lists every one."""

    def __init__(self, report: ValidationReport, what: str):
        super().__init__(
            "import_rejected",
            f"{what}导入被拒绝：发现 {len(report)} 个问题，未写入任何数据。",
            details=report.as_dicts(),
        )
        self.report = report
