"""Importing the component inventory (部件普查数据) from CSV, XLSX or GeoJSON.

The whole file is checked first and every problem reported; only a clean file is written, in one
transaction, in batches. See ``columns`` for the accepted headers, ``reading`` for file formats and
``validating`` for what each value must be.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from django.db import IntegrityError, transaction

from cityloop.assets.columns import DATE_KEYS, DEPARTMENT_KEYS, TEXT_KEYS
from cityloop.assets.models import Component
from cityloop.assets.reading import WHAT, FileInput, read_components_file
from cityloop.assets.validating import CheckResult, Progress, check_rows, load_lookups, resolve_scheme
from cityloop.catalog.models import Scheme
from cityloop.core.errors import Conflict, DomainError
from cityloop.core.validation import ImportRejected

BATCH_SIZE = 2000
ImportMode = Literal["create", "upsert"]
IMPORT_MODES = ("create", "upsert")


@dataclass(frozen=True)
class ImportSummary:
    """What a successful import wrote."""

    rows: int
    created: int
    updated: int
    scheme_code: str

    def __str__(self) -> str:
        return f"共 {self.rows} 行：新增 {self.created} 个部件，更新 {self.updated} 个部件（分类方案 {self.scheme_code}）。"


def check_components_file(
    file: FileInput,
    file_format: str,
    *,
    scheme: Scheme | str | None = None,
    mode: ImportMode = "create",
    progress: Progress | None = None,
) -> tuple[CheckResult, set[str], Scheme]:
    """Read and check a file without writing: the report, the components it would write, its columns."""
    if mode not in IMPORT_MODES:
        raise DomainError("import_mode_unknown", f"未知的导入方式“{mode}”，可用：create、upsert。")
    resolved = resolve_scheme(scheme)
    table = read_components_file(file, file_format)
    result = check_rows(table, load_lookups(resolved), upsert=mode == "upsert", progress=progress)
    return result, table.keys, resolved


def do_import_components(
    file: FileInput,
    file_format: str,
    *,
    scheme: Scheme | str | None = None,
    mode: ImportMode = "create",
    progress: Progress | None = None,
) -> ImportSummary:
    """Import components; raises ``ImportRejected`` with every problem and writes nothing if any.

    ``mode="create"`` refuses identifiers already stored; ``mode="upsert"`` updates them instead,
    changing only the columns the file has. ``progress(done, total)`` is called while rows are
    checked and again while they are written; each phase starts with ``done == 0``.
    """
    result, keys, resolved = check_components_file(
        file, file_format, scheme=scheme, mode=mode, progress=progress
    )
    if not result.report.ok:
        raise ImportRejected(result.report, WHAT)
    to_create = [component for component in result.components if component.identifier not in result.existing]
    to_update = [component for component in result.components if component.identifier in result.existing]
    write_components(to_create, to_update, update_fields(keys), progress=progress)
    return ImportSummary(
        rows=len(result.components),
        created=len(to_create),
        updated=len(to_update),
        scheme_code=resolved.code,
    )


def update_fields(keys: set[str]) -> list[str]:
    """The model fields an upsert overwrites: the derived ones and those the file has columns for."""
    fields = ["category", "lon", "lat", "grid", "updated_at"]
    fields += [key for key in (*TEXT_KEYS, *DEPARTMENT_KEYS, "state", *DATE_KEYS) if key in keys]
    return fields


def write_components(
    to_create: list[Component],
    to_update: list[Component],
    fields: list[str],
    *,
    progress: Progress | None = None,
) -> None:
    total = len(to_create) + len(to_update)
    done = 0
    if progress:
        progress(0, total)
    try:
        with transaction.atomic():
            for start in range(0, len(to_create), BATCH_SIZE):
                batch = to_create[start : start + BATCH_SIZE]
                Component.objects.bulk_create(batch)
                done += len(batch)
                if progress:
                    progress(done, total)
            for start in range(0, len(to_update), BATCH_SIZE):
                batch = to_update[start : start + BATCH_SIZE]
                # INSERT … ON CONFLICT DO UPDATE: one statement per batch, unlike bulk_update's CASE per row.
                Component.objects.bulk_create(
                    batch, update_conflicts=True, unique_fields=["identifier"], update_fields=fields
                )
                done += len(batch)
                if progress:
                    progress(done, total)
    except IntegrityError:
        # Someone else wrote between our check and our write: the same identifier, or removed a
        # department, category or grid the rows refer to. The check is sound; repeating it tells which.
        raise Conflict(
            "import_conflict",
            "导入期间数据被其他操作修改（如写入了相同的部件标识码，或删除了引用的部门、小类、网格），"
            "本次未写入任何数据，请重新导入。",
        ) from None
