"""Departments, posts and scopes, and the responsibility matrix (DESIGN §1)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class DepartmentLevel(models.TextChoices):
    CITY = "city", _("市级")
    DISTRICT = "district", _("区级")
    STREET = "street", _("街道级")


class DepartmentKind(models.TextChoices):
    COMMAND_CENTER = "command_center", _("指挥中心")
    SUPERVISION_CENTER = "supervision_center", _("监督中心")
    PROFESSIONAL = "professional", _("专业部门")
    STREET_OFFICE = "street_office", _("街道办事处")
    COOPERATING_UNIT = "cooperating_unit", _("协同单位（企业/养护单位）")


class Department(models.Model):
    """A unit that handles, supervises or commands: a tree from city down to street level."""

    code = models.CharField(_("部门编码"), max_length=32, unique=True)
    name = models.CharField(_("名称"), max_length=100)
    short_name = models.CharField(_("简称"), max_length=32, blank=True)
    level = models.CharField(_("层级"), max_length=16, choices=DepartmentLevel.choices)
    kind = models.CharField(_("类型"), max_length=24, choices=DepartmentKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("辖区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="departments",
    )
    phone = models.CharField(_("联系电话"), max_length=32, blank=True)
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("部门")
        verbose_name_plural = _("部门")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Post(models.TextChoices):
    """岗位: what a person does in the loop. Permissions are granted per post, within a scope."""

    INSPECTOR = "inspector", _("监督员")
    OPERATOR = "operator", _("受理员")
    SHIFT_LEADER = "shift_leader", _("值班长")
    DISPATCHER = "dispatcher", _("派遣员")
    HANDLER = "handler", _("专业部门处置人员")
    LEADER = "leader", _("领导")
    SYSTEM_ADMIN = "system_admin", _("系统管理员")
    SECURITY_ADMIN = "security_admin", _("安全管理员")
    AUDIT_ADMIN = "audit_admin", _("审计管理员")


class PostAssignment(models.Model):
    """A user holding a post, within a scope of regions and/or departments.

    An empty scope means no limit on that axis only for posts whose work is city-wide by nature
    (leader, administrators); for the others the workflow's permission seam treats "no regions"
    as "no regions", never as "everywhere".
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        on_delete=models.CASCADE,
        related_name="post_assignments",
    )
    post = models.CharField(_("岗位"), max_length=24, choices=Post.choices)
    department = models.ForeignKey(
        Department,
        verbose_name=_("所在部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff",
    )
    regions = models.ManyToManyField(
        "geo.Region", verbose_name=_("负责区域"), blank=True, related_name="post_assignments"
    )
    scope_departments = models.ManyToManyField(
        Department, verbose_name=_("负责部门"), blank=True, related_name="scoped_assignments"
    )
    is_active = models.BooleanField(_("在岗"), default=True)

    class Meta:
        verbose_name = _("岗位任职")
        verbose_name_plural = _("岗位任职")
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="one_assignment_per_post")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_post_display()}"


class Responsibility(models.Model):
    """One line of the responsibility matrix: (category, place) → department.

    The place is a grid, a region at any level, or nothing (the whole jurisdiction). When several
    lines match a case, the most specific place wins: grid, then community, street, district, city,
    then the catch-all.
    """

    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("小类"), on_delete=models.CASCADE, related_name="responsibilities"
    )
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("区域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    grid = models.ForeignKey(
        "geo.Grid", verbose_name=_("网格"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("责任部门"), on_delete=models.PROTECT, related_name="responsibilities"
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("责任矩阵")
        verbose_name_plural = _("责任矩阵")
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=True) | Q(grid__isnull=True),
                name="responsibility_region_or_grid",
                violation_error_message=_("区域和网格只能填写其一。"),
            ),
            models.UniqueConstraint(
                fields=["category", "grid"],
                condition=Q(grid__isnull=False),
                name="responsibility_unique_grid",
                violation_error_message=_("该小类在这个网格已有责任部门。"),
            ),
            models.UniqueConstraint(
                fields=["category", "region"],
                condition=Q(region__isnull=False),
                name="responsibility_unique_region",
                violation_error_message=_("该小类在这个区域已有责任部门。"),
            ),
            models.UniqueConstraint(
                fields=["category"],
                condition=Q(region__isnull=True, grid__isnull=True),
                name="responsibility_unique_catch_all",
                violation_error_message=_("该小类已有全域兜底的责任部门。"),
            ),
        ]

    def __str__(self) -> str:
        place = self.grid or self.region or _("全域")
        return f"{self.category} @ {place} → {self.department}"
