"""Changes data staff make to the catalogue without code: local minor categories (本地扩展小类)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cityloop.catalog.models import Category, CategoryKind, MajorCategory, Scheme
from cityloop.catalog.schemes import MAJOR_CODE_LENGTH
from cityloop.core.errors import Conflict, DomainError

NAME_MAX_LENGTH = 64  # Category.name max_length


def check_local_category(
    scheme: Scheme, kind: str, major_code: str, minor_code: str, name: str
) -> MajorCategory:
    """Validate a local category before it is added and return its major category.

    The minor code must be digits of the scheme's width (2 in the legacy schemes, where local codes
    usually start at 21 or 99; 3 in GB/T 47678.5-2026) and not all zeros; the major must exist for
    that kind; the full code must be free. Raises ``DomainError`` with code
    ``category_code_malformed``, ``major_unknown``, ``category_name_required`` or ``category_exists``.
    """
    minor_length = scheme.category_code_length - MAJOR_CODE_LENGTH
    if kind not in CategoryKind.values:
        raise DomainError("category_kind_invalid", _("类型必须是部件或事件。"))
    if not _is_code(major_code, MAJOR_CODE_LENGTH):
        raise DomainError(
            "category_code_malformed",
            _("大类代码应为 %(length)d 位数字。") % {"length": MAJOR_CODE_LENGTH},
            details={"field": "major_code"},
        )
    if not _is_code(minor_code, minor_length) or not minor_code.strip("0"):
        raise DomainError(
            "category_code_malformed",
            _("「%(scheme)s」的小类序号应为 %(length)d 位数字且不能全为 0。")
            % {"scheme": scheme.name, "length": minor_length},
            details={"field": "minor_code"},
        )
    major = MajorCategory.objects.filter(scheme=scheme, kind=kind, code=major_code).first()
    if major is None:
        raise DomainError(
            "major_unknown",
            _("「%(scheme)s」中没有%(kind)s大类 %(code)s。")
            % {"scheme": scheme.name, "kind": CategoryKind(kind).label, "code": major_code},
            details={"field": "major_code"},
        )
    if not name.strip() or len(name.strip()) > NAME_MAX_LENGTH:
        raise DomainError(
            "category_name_required",
            _("请填写小类名称（不超过 %(length)d 个字）。") % {"length": NAME_MAX_LENGTH},
            details={"field": "name"},
        )
    code = major_code + minor_code
    existing = Category.objects.filter(scheme=scheme, kind=kind, code=code).first()
    if existing is not None:
        raise Conflict(
            "category_exists",
            _("小类代码 %(code)s 已被「%(name)s」使用。") % {"code": code, "name": existing.name},
            details={"field": "minor_code"},
        )
    return major


def do_add_local_category(
    scheme: Scheme | str, kind: str, major_code: str, minor_code: str, name: str, *, notes: str = ""
) -> Category:
    """Add a bureau's own minor category (``is_local=True``) after ``check_local_category``.

    ``scheme`` is a ``Scheme`` or its key. Raises ``DomainError`` (see ``check_local_category``, and
    ``unknown_scheme`` for a key that does not exist).
    """
    if isinstance(scheme, str):
        found = Scheme.objects.filter(code=scheme).first()
        if found is None:
            raise DomainError("unknown_scheme", _("未知的分类方案：%(key)s") % {"key": scheme})
        scheme = found
    major_code, minor_code, name = major_code.strip(), minor_code.strip(), name.strip()
    major = check_local_category(scheme, kind, major_code, minor_code, name)
    try:
        with transaction.atomic():
            return Category.objects.create(
                scheme=scheme,
                kind=kind,
                major=major,
                code=major_code + minor_code,
                minor_code=minor_code,
                name=name,
                notes=notes,
                is_local=True,
            )
    except IntegrityError as error:
        # Someone added the same code between the check and the insert.
        raise Conflict(
            "category_exists", _("小类代码 %(code)s 已存在。") % {"code": major_code + minor_code}
        ) from error


def _is_code(value: str, length: int) -> bool:
    return len(value) == length and value.isascii() and value.isdigit()
