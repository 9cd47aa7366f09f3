"""The component inventory (部件普查数据, DESIGN §1)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComponentState(models.TextChoices):
    INTACT = "intact", _("完好")
    DAMAGED = "damaged", _("破损")
    LOST = "lost", _("丢失")
    ABANDONED = "abandoned", _("废弃")
    REMOVED = "removed", _("移除")


class Component(models.Model):
    """One physical asset: a manhole cover, a lamp, a hydrant, a toilet …

    ``identifier`` is 6-digit district + category code + 6-digit serial (17 digits in GB/T 47678.5,
    16 in the legacy scheme). The grid is derived from the location on every write, never typed in.
    """

    identifier = models.CharField(_("部件标识码"), max_length=17, unique=True)
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("部件小类"), on_delete=models.PROTECT, related_name="components"
    )
    name = models.CharField(_("名称"), max_length=100, blank=True)
    competent_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("主管部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("权属单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    maintenance_unit = models.ForeignKey(
        "org.Department",
        verbose_name=_("养护单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    state = models.CharField(
        _("状态"), max_length=16, choices=ComponentState.choices, default=ComponentState.INTACT
    )
    initial_date = models.DateField(_("初始日期"), null=True, blank=True)
    changed_date = models.DateField(_("变更日期"), null=True, blank=True)
    data_source = models.CharField(_("数据来源"), max_length=64, blank=True)
    note = models.CharField(_("备注"), max_length=300, blank=True)
    lon = models.FloatField(_("经度(WGS84)"))
    lat = models.FloatField(_("纬度(WGS84)"))
    grid = models.ForeignKey(
        "geo.Grid", verbose_name=_("所在网格"), on_delete=models.PROTECT, related_name="components"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("部件")
        verbose_name_plural = _("部件")
        ordering = ["identifier"]
        indexes = [
            models.Index(fields=["grid", "category"]),
            models.Index(fields=["category", "state"]),
        ]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}".strip()
