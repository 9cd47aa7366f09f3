"""The case aggregate: the case itself, its append-only event log, requests and attachments."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cityloop.cases.querysets import CaseQuerySet
from cityloop.cases.states import CaseAction, CaseStatus, RequestKind, VoidKind
from cityloop.catalog.models import CategoryKind, TimeLimitUnit


class CaseSource(models.TextChoices):
    INSPECTOR = "inspector", _("监督员上报")
    HOTLINE_12345 = "hotline_12345", _("12345热线")
    HOTLINE_12319 = "hotline_12319", _("12319热线")
    CITIZEN = "citizen", _("公众随手拍")
    VIDEO_AI = "video_ai", _("视频/AI识别")
    LEADER = "leader", _("领导交办")
    MEDIA = "media", _("媒体曝光")
    INSPECTION = "inspection", _("督查")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("一般")
    URGENT = "urgent", _("紧急")


class Case(models.Model):
    """One reported problem on its way through the loop, from registration to close or void.

    Derived place fields (grid version, community, street, district) are fixed at registration from
    the location, so a later redraw of grids never moves an old case. ``version`` is bumped by every
    transition: a writer holding an older version loses (optimistic concurrency).
    """

    number = models.CharField(_("案件编号"), max_length=20, unique=True)
    source = models.CharField(_("来源"), max_length=20, choices=CaseSource.choices)
    kind = models.CharField(_("类型"), max_length=16, choices=CategoryKind.choices)
    category = models.ForeignKey(
        "catalog.Category", verbose_name=_("小类"), on_delete=models.PROTECT, related_name="cases"
    )
    filing_condition = models.ForeignKey(
        "catalog.FilingCondition",
        verbose_name=_("立案条件"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    urgency = models.CharField(_("紧急程度"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    self_handled = models.BooleanField(_("自处置"), default=False)

    lon = models.FloatField(_("经度(WGS84)"))
    lat = models.FloatField(_("纬度(WGS84)"))
    grid = models.ForeignKey(
        "geo.Grid", verbose_name=_("网格"), on_delete=models.PROTECT, related_name="cases"
    )
    grid_version = models.ForeignKey("geo.GridVersion", on_delete=models.PROTECT, related_name="cases")
    community = models.ForeignKey(
        "geo.Region", verbose_name=_("社区"), on_delete=models.PROTECT, related_name="+"
    )
    street = models.ForeignKey(
        "geo.Region", verbose_name=_("街道"), on_delete=models.PROTECT, related_name="+"
    )
    district = models.ForeignKey(
        "geo.Region", verbose_name=_("区"), on_delete=models.PROTECT, related_name="+"
    )
    component = models.ForeignKey(
        "assets.Component", verbose_name=_("关联部件"), null=True, blank=True, on_delete=models.PROTECT
    )
    address = models.CharField(_("地址"), max_length=200, blank=True)
    description = models.TextField(_("问题描述"))

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("上报人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_cases",
    )
    reporter_name = models.CharField(_("上报人姓名"), max_length=64, blank=True)
    reporter_phone = models.CharField(_("上报人电话"), max_length=20, blank=True)

    status = models.CharField(_("状态"), max_length=24, choices=CaseStatus.choices)
    pending_request = models.CharField(
        _("待审批申请"), max_length=16, choices=RequestKind.choices, blank=True, default=""
    )
    void_kind = models.CharField(
        _("作废类别"), max_length=16, choices=VoidKind.choices, blank=True, default=""
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("核实/核查监督员"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="case_tasks",
    )
    command_center = models.ForeignKey(
        "org.Department",
        verbose_name=_("当前指挥中心"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("当前处置部门"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases",
    )
    time_limit_value = models.PositiveIntegerField(_("处置时限"), null=True, blank=True)
    time_limit_unit = models.CharField(
        _("时限单位"), max_length=20, choices=TimeLimitUnit.choices, blank=True, default=""
    )
    handling_started_at = models.DateTimeField(_("处置开始时间"), null=True, blank=True)
    deadline = models.DateTimeField(_("处置截止时间"), null=True, blank=True)
    yellow_at = models.DateTimeField(_("黄灯时间"), null=True, blank=True)
    suspended_at = models.DateTimeField(_("挂账时间"), null=True, blank=True)
    stage_deadline = models.DateTimeField(_("环节截止时间"), null=True, blank=True)
    handled_at = models.DateTimeField(_("处置完成时间"), null=True, blank=True)
    rework_count = models.PositiveSmallIntegerField(_("返工次数"), default=0)
    urge_count = models.PositiveSmallIntegerField(_("督办次数"), default=0)

    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("疑似重复于"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="likely_duplicates",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )

    created_at = models.DateTimeField(_("登记时间"), db_index=True)
    updated_at = models.DateTimeField(_("更新时间"))
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("案件")
        verbose_name_plural = _("案件")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["status", "-id"], name="case_status_id"),
            models.Index(fields=["department", "status", "deadline"], name="case_dept_status_deadline"),
            models.Index(fields=["street", "status", "-id"], name="case_street_status_id"),
            models.Index(fields=["district", "status", "-id"], name="case_district_status_id"),
            models.Index(fields=["category", "status", "-id"], name="case_category_status_id"),
            models.Index(fields=["status", "deadline"], name="case_status_deadline"),
            models.Index(fields=["lon", "lat"], name="case_lon_lat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=CaseStatus.HANDLING) | Q(department__isnull=False),
                name="case_handling_has_department",
            ),
        ]

    def __str__(self) -> str:
        return self.number


class CaseEvent(models.Model):
    """One transition of one case, appended and never changed; statistics are computed from these.

    ``sequence`` numbers a case's events from 1; the unique constraint makes a second writer that
    raced past the version check fail instead of interleaving its events.
    """

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    action = models.CharField(_("动作"), max_length=32, choices=CaseAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_post = models.CharField(_("操作岗位"), max_length=24, blank=True)
    at = models.DateTimeField(_("时间"))
    from_status = models.CharField(_("原状态"), max_length=24, choices=CaseStatus.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=24, choices=CaseStatus.choices)
    department = models.ForeignKey(
        "org.Department", verbose_name=_("部门"), null=True, on_delete=models.PROTECT, related_name="+"
    )
    deadline_before = models.DateTimeField(_("原截止时间"), null=True)
    deadline_after = models.DateTimeField(_("新截止时间"), null=True)
    note = models.TextField(_("意见/说明"), blank=True)
    data = models.JSONField(_("附加数据"), default=dict, blank=True)

    class Meta:
        verbose_name = _("案件事件")
        verbose_name_plural = _("案件事件")
        ordering = ["case", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["case", "sequence"], name="case_event_sequence_unique")
        ]
        indexes = [
            models.Index(fields=["action", "at"], name="case_event_action_at"),
            models.Index(fields=["department", "at"], name="case_event_department_at"),
        ]

    def __str__(self) -> str:
        return f"{self.case_id}#{self.sequence} {self.action}"


class AttachmentKind(models.TextChoices):
    BEFORE = "before", _("处置前")
    AFTER = "after", _("处置后")
    OTHER = "other", _("其他")


class Attachment(models.Model):
    """A photo or file attached to a case, tied to the event that brought it."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="attachments")
    event = models.ForeignKey(CaseEvent, null=True, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(_("类别"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("文件"), upload_to="cases/%Y/%m/")
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")

    def __str__(self) -> str:
        return self.file.name


class CaseNumberCounter(models.Model):
    """Per-day sequence for human-readable case numbers, incremented in the database (not in a process)."""

    day = models.DateField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.day}: {self.last}"
