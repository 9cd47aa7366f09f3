"""Loading the shipped classification schemes into the database (idempotent upserts).

``load_scheme`` creates what is missing and brings standard rows back to the seed (names, notes,
major), but never deletes anything and never touches a category a bureau added (``is_local``) or
the ``is_active`` switch staff may have turned off. Case standards are loaded by
``cityloop.catalog.case_standards``; its two entry points are re-exported here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cityloop.catalog.case_standards import export_case_standards, load_case_standards
from cityloop.catalog.models import Category, MajorCategory, Scheme
from cityloop.catalog.schemes import SCHEMES, SchemeSpec, SourceRow, read_scheme_rows
from cityloop.catalog.summary import LoadSummary
from cityloop.core.errors import DomainError

__all__ = [
    "LoadSummary",
    "export_case_standards",
    "load_all_schemes",
    "load_case_standards",
    "load_scheme",
]


def load_scheme(key: str) -> LoadSummary:
    """Create or update the scheme ``key`` with its major and minor categories from the seed files.

    Raises ``DomainError("unknown_scheme")`` for a key that is not shipped.
    """
    spec = SCHEMES.get(key)
    if spec is None:
        raise DomainError(
            "unknown_scheme",
            _("未知的分类方案：%(key)s（可选：%(known)s）") % {"key": key, "known": "、".join(SCHEMES)},
        )
    source = read_scheme_rows(spec)
    summary = LoadSummary()
    for row in source.dropped:
        summary.skipped["categories"] += 1
        summary.warnings.append(
            _("%(scheme)s：%(kind)s %(code)s「%(name)s」[%(tag)s] 与其他来源代码冲突，未载入")
            % {"scheme": key, "kind": row.kind, "code": row.code, "name": row.name, "tag": row.tag}
        )
    with transaction.atomic():
        scheme = _upsert_scheme(spec, summary)
        majors = _upsert_majors(scheme, source.majors, summary)
        _upsert_categories(scheme, source.rows, majors, summary)
    return summary


def load_all_schemes() -> LoadSummary:
    """Load every shipped scheme (default scheme first) and return the combined summary."""
    summary = LoadSummary()
    for key in sorted(SCHEMES, key=lambda k: not SCHEMES[k].default_candidate):
        summary.merge(load_scheme(key))
    return summary


def _upsert_scheme(spec: SchemeSpec, summary: LoadSummary) -> Scheme:
    wanted = {
        "name": spec.name,
        "standard": spec.standard,
        "version": spec.version,
        "category_code_length": spec.category_code_length,
        "component_identifier_length": spec.component_identifier_length,
    }
    scheme = Scheme.objects.select_for_update().filter(code=spec.key).first()
    if scheme is None:
        scheme = Scheme.objects.create(code=spec.key, **wanted)
        summary.created["schemes"] += 1
    else:
        changed = [name for name, value in wanted.items() if getattr(scheme, name) != value]
        for name in changed:
            setattr(scheme, name, wanted[name])
        if changed:
            scheme.save(update_fields=changed)
            summary.updated["schemes"] += 1
        else:
            summary.unchanged["schemes"] += 1
    if (
        spec.default_candidate
        and not scheme.is_default
        and not Scheme.objects.filter(is_default=True).exists()
    ):
        scheme.is_default = True
        scheme.save(update_fields=["is_default"])
    return scheme


def _upsert_majors(
    scheme: Scheme, wanted: dict[tuple[str, str], str], summary: LoadSummary
) -> dict[tuple[str, str], MajorCategory]:
    existing = {(major.kind, major.code): major for major in MajorCategory.objects.filter(scheme=scheme)}
    to_create, to_update = [], []
    for (kind, code), name in sorted(wanted.items()):
        major = existing.get((kind, code))
        if major is None:
            to_create.append(MajorCategory(scheme=scheme, kind=kind, code=code, name=name))
        elif major.name != name:
            major.name = name
            to_update.append(major)
        else:
            summary.unchanged["majors"] += 1
    MajorCategory.objects.bulk_create(to_create)
    MajorCategory.objects.bulk_update(to_update, ["name"])
    summary.created["majors"] += len(to_create)
    summary.updated["majors"] += len(to_update)
    # Re-read so that rows created above carry primary keys on every database backend.
    return {(major.kind, major.code): major for major in MajorCategory.objects.filter(scheme=scheme)}


def _upsert_categories(
    scheme: Scheme,
    rows: list[SourceRow],
    majors: dict[tuple[str, str], MajorCategory],
    summary: LoadSummary,
) -> None:
    existing = {
        (category.kind, category.code): category for category in Category.objects.filter(scheme=scheme)
    }
    to_create, to_update = [], []
    for row in rows:
        major = majors[(row.kind, row.major_code)]
        wanted = {
            "name": row.name,
            "notes": row.full_notes,
            "minor_code": row.minor_code,
            "major_id": major.pk,
        }
        category = existing.get((row.kind, row.code))
        if category is None:
            to_create.append(Category(scheme=scheme, kind=row.kind, code=row.code, is_local=False, **wanted))
            continue
        if category.is_local:
            summary.skipped["categories"] += 1
            summary.warnings.append(
                _("%(scheme)s：%(code)s 已被本地扩展小类「%(name)s」占用，标准小类「%(standard)s」未载入")
                % {"scheme": scheme.code, "code": row.code, "name": category.name, "standard": row.name}
            )
            continue
        changed = [name for name, value in wanted.items() if getattr(category, name) != value]
        if changed:
            for name in changed:
                setattr(category, name, wanted[name])
            to_update.append(category)
        else:
            summary.unchanged["categories"] += 1
    Category.objects.bulk_create(to_create)
    Category.objects.bulk_update(to_update, ["name", "notes", "minor_code", "major"])
    summary.created["categories"] += len(to_create)
    summary.updated["categories"] += len(to_update)
