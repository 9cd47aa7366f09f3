"""Administrative regions and unit grids (DESIGN §1, §5).

Geometries are GeoJSON (WGS84 lon/lat, treated as CGCS2000) stored as JSON, so the same schema works
on SQLite and PostgreSQL without spatial extensions; spatial questions are answered in memory by
``cityloop.geo.geocoding`` with shapely's STR-tree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class RegionLevel(models.TextChoices):
    CITY = "city", _("市")
    DISTRICT = "district", _("区/县")
    STREET = "street", _("街道/乡镇")
    COMMUNITY = "community", _("社区")


# Length of the full code at each level: GB/T 2260 6 digits for city and district, then 3 + 3.
REGION_CODE_LENGTH = {
    RegionLevel.CITY: 6,
    RegionLevel.DISTRICT: 6,
    RegionLevel.STREET: 9,
    RegionLevel.COMMUNITY: 12,
}
REGION_PARENT_LEVEL = {
    RegionLevel.DISTRICT: RegionLevel.CITY,
    RegionLevel.STREET: RegionLevel.DISTRICT,
    RegionLevel.COMMUNITY: RegionLevel.STREET,
}


class RegionQuerySet(models.QuerySet["Region"]):
    def districts(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.DISTRICT)

    def streets(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.STREET)

    def communities(self) -> RegionQuerySet:
        return self.filter(level=RegionLevel.COMMUNITY)


class Region(models.Model):
    """An administrative area above the grid: 市, 区/县, 街道/乡镇 or 社区, with its full code.

    The code is the full hierarchical code (a street's 9 digits start with its district's 6), so
    ``code`` alone identifies the region and its ancestors.
    """

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    name = models.CharField(_("名称"), max_length=64)
    level = models.CharField(_("层级"), max_length=16, choices=RegionLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级区域"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    boundary = models.JSONField(_("边界(GeoJSON)"), null=True, blank=True)

    objects = RegionQuerySet.as_manager()

    class Meta:
        verbose_name = _("行政区域")
        verbose_name_plural = _("行政区域")
        ordering = ["code"]
        indexes = [models.Index(fields=["level", "code"])]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class AreaClass(models.TextChoices):
    """区域类别: how strictly an area is managed; changes evaluation ladders and sometimes limits."""

    CLASS_1 = "1", _("一类（严格规范）")
    CLASS_2 = "2", _("二类（规范）")
    CLASS_3 = "3", _("三类（较规范）")
    CLASS_4 = "4", _("四类（基本规范）")


class Grid(models.Model):
    """A unit grid (单元网格): the smallest area of supervision, with a stable code.

    Its boundary lives in ``GridVersion`` rows: redrawing a grid adds a version and closes the old
    one, so a case filed last year still points at the shape it was filed in.
    """

    code = models.CharField(
        _("网格编码"),
        max_length=15,
        unique=True,
        help_text=_("14 位旧标准编码（区6+街道3+社区3+序号2），或 GB/T 47678.3 的 15 位编码。"),
    )
    name = models.CharField(_("名称"), max_length=64, blank=True)
    community = models.ForeignKey(
        Region,
        verbose_name=_("所属社区"),
        on_delete=models.PROTECT,
        related_name="grids",
        limit_choices_to={"level": RegionLevel.COMMUNITY},
    )
    area_class = models.CharField(
        _("区域类别"), max_length=1, choices=AreaClass.choices, default=AreaClass.CLASS_2
    )
    is_active = models.BooleanField(_("在用"), default=True)

    class Meta:
        verbose_name = _("单元网格")
        verbose_name_plural = _("单元网格")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class GridVersion(models.Model):
    """One drawing of a grid's boundary, valid from ``valid_from`` until ``valid_to`` (open = current)."""

    grid = models.ForeignKey(Grid, verbose_name=_("网格"), on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("版本号"))
    geometry = models.JSONField(_("边界(GeoJSON)"))
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()
    area_m2 = models.FloatField(_("面积(平方米)"))
    valid_from = models.DateTimeField(_("生效时间"))
    valid_to = models.DateTimeField(_("失效时间"), null=True, blank=True)
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("网格版本")
        verbose_name_plural = _("网格版本")
        ordering = ["grid", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "number"], name="grid_version_number_unique"),
            models.UniqueConstraint(
                fields=["grid"], condition=Q(valid_to__isnull=True), name="grid_one_current_version"
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gt=F("valid_from")),
                name="grid_version_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.grid_id} v{self.number}"


class GridIndexRevision(models.Model):
    """A single counter bumped by every change of grids, so each process knows to rebuild its index.

    In-memory geocoders compare their revision with this row; the database, not a process, is the
    truth, which keeps several application processes and workers consistent.
    """

    revision = models.PositiveBigIntegerField(default=0)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("网格索引版本")
        verbose_name_plural = _("网格索引版本")

    def __str__(self) -> str:
        return f"r{self.revision}"
