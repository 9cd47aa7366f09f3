"""What a catalogue load did, counted per kind of row, for commands and tests to report."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field


@dataclass
class LoadSummary:
    """Counts of rows created, updated, left unchanged and skipped, keyed by what they are.

    Keys are plain words: ``schemes``, ``majors``, ``categories``, ``filing_conditions``.
    ``warnings`` holds human-readable notes (resolved code clashes, local rows left alone).
    """

    created: Counter[str] = field(default_factory=Counter)
    updated: Counter[str] = field(default_factory=Counter)
    unchanged: Counter[str] = field(default_factory=Counter)
    skipped: Counter[str] = field(default_factory=Counter)
    warnings: list[str] = field(default_factory=list)

    def merge(self, other: LoadSummary) -> LoadSummary:
        """Add ``other``'s counts and warnings into this summary and return it."""
        self.created.update(other.created)
        self.updated.update(other.updated)
        self.unchanged.update(other.unchanged)
        self.skipped.update(other.skipped)
        self.warnings.extend(other.warnings)
        return self

    def as_text(self) -> str:
        """One line per kind of row: ``categories: 新增 10，更新 2，未变 390``."""
        keys = sorted(set(self.created) | set(self.updated) | set(self.unchanged) | set(self.skipped))
        lines = []
        for key in keys:
            line = f"{key}: 新增 {self.created[key]}，更新 {self.updated[key]}，未变 {self.unchanged[key]}"
            if self.skipped[key]:
                line += f"，跳过 {self.skipped[key]}"
            lines.append(line)
        return "\n".join(lines)
