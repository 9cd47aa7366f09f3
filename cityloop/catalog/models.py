"""The classification catalogue as versioned data (DESIGN §1).

A ``Scheme`` is one classification standard (GB/T 47678.5-2026, a legacy 4-digit scheme, or a
bureau's own). Categories are keyed on (scheme, kind, code) because in 47678.5 components and events
share the ``MMmmm`` shape. Each minor category has one or more ``FilingCondition`` rows — the case
standard: when a problem is filed, how long handling may take, when it counts as solved, and who
handles it by default. Nothing in program logic names a category.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Scheme(models.Model):
    """One classification scheme and its version; exactly one is the default for new cases."""

    code = models.SlugField(_("方案代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    standard = models.CharField(_("依据标准"), max_length=100, blank=True)
    version = models.CharField(_("版本"), max_length=40, blank=True)
    category_code_length = models.PositiveSmallIntegerField(
        _("小类代码位数"), help_text=_("GB/T 47678.5-2026 为 5（大类2+小类3），旧标准为 4（2+2）。")
    )
    component_identifier_length = models.PositiveSmallIntegerField(
        _("部件标识码位数"), help_text=_("GB/T 47678.5-2026 为 17，旧标准为 16。")
    )
    is_default = models.BooleanField(_("默认方案"), default=False)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("分类方案")
        verbose_name_plural = _("分类方案")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="one_default_scheme",
                violation_error_message=_("只能有一个默认分类方案，请先取消原默认方案。"),
            )
        ]

    def __str__(self) -> str:
        return self.name


class CategoryKind(models.TextChoices):
    COMPONENT = "component", _("部件")
    EVENT = "event", _("事件")


class MajorCategory(models.Model):
    """大类: a group of minor categories of one kind in one scheme."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("分类方案"), on_delete=models.CASCADE, related_name="majors"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=CategoryKind.choices)
    code = models.CharField(_("大类代码"), max_length=4)
    name = models.CharField(_("大类名称"), max_length=64)

    class Meta:
        verbose_name = _("大类")
        verbose_name_plural = _("大类")
        ordering = ["scheme", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "code"], name="major_unique_in_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class CategoryQuerySet(models.QuerySet["Category"]):
    def active(self) -> CategoryQuerySet:
        return self.filter(is_active=True)

    def components(self) -> CategoryQuerySet:
        return self.filter(kind=CategoryKind.COMPONENT)

    def events(self) -> CategoryQuerySet:
        return self.filter(kind=CategoryKind.EVENT)

    def in_default_scheme(self) -> CategoryQuerySet:
        return self.filter(scheme__is_default=True)


class Category(models.Model):
    """小类: what a component is, or what kind of problem an event is. ``code`` is the full code."""

    scheme = models.ForeignKey(
        Scheme, verbose_name=_("分类方案"), on_delete=models.CASCADE, related_name="categories"
    )
    kind = models.CharField(_("类型"), max_length=16, choices=CategoryKind.choices)
    major = models.ForeignKey(
        MajorCategory, verbose_name=_("大类"), on_delete=models.PROTECT, related_name="minors"
    )
    code = models.CharField(_("小类代码"), max_length=8, help_text=_("完整代码：大类代码+小类代码"))
    minor_code = models.CharField(_("小类序号"), max_length=4)
    name = models.CharField(_("小类名称"), max_length=64)
    notes = models.TextField(_("备注"), blank=True)
    is_local = models.BooleanField(_("本地扩展"), default=False, help_text=_("本局新增，不属于国家标准。"))
    is_active = models.BooleanField(_("启用"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("小类")
        verbose_name_plural = _("小类")
        ordering = ["scheme", "kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "kind", "code"], name="category_unique_in_scheme")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class TimeLimitUnit(models.TextChoices):
    """How a handling time limit is counted (DESIGN §3)."""

    WORK_MINUTES = "work_minutes", _("工作分钟")
    WORK_HOURS = "work_hours", _("工作时")
    WORK_DAYS = "work_days", _("工作日")
    NATURAL_MINUTES = "natural_minutes", _("自然分钟")
    NATURAL_HOURS = "natural_hours", _("自然时")


class FilingCondition(models.Model):
    """One case standard line of a minor category: 立案条件 → 处置时限 → 结案条件, default department.

    Choosing the filing condition when a case is filed fixes its time limit and closing condition.
    """

    category = models.ForeignKey(
        Category, verbose_name=_("小类"), on_delete=models.CASCADE, related_name="filing_conditions"
    )
    description = models.CharField(_("立案条件"), max_length=300)
    time_limit_value = models.PositiveIntegerField(_("处置时限"))
    time_limit_unit = models.CharField(_("时限单位"), max_length=20, choices=TimeLimitUnit.choices)
    closing_condition = models.CharField(_("结案条件"), max_length=300)
    default_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("默认处置部门"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_urgent = models.BooleanField(_("紧急"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("立结案标准")
        verbose_name_plural = _("立结案标准")
        ordering = ["category", "sort_order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(time_limit_value__gt=0),
                name="filing_time_limit_positive",
                violation_error_message=_("处置时限必须大于 0。"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.description} ({self.time_limit_value}{self.get_time_limit_unit_display()})"
