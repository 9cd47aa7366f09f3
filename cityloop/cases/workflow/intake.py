"""Intake: registration, verification, acceptance, duplicates, self-handled minor cases."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from cityloop.assets.models import Component
from cityloop.cases import deadlines
from cityloop.cases.access import check_action_allowed, get_scopes
from cityloop.cases.duplicates import find_likely_original
from cityloop.cases.models import AttachmentKind, Case, CaseEvent, CaseSource, Urgency
from cityloop.cases.states import FINAL_STATUSES, CaseAction, CaseStatus, VoidKind
from cityloop.cases.workflow.engine import (
    Photos,
    assign_inspector_task,
    begin,
    commit_transition,
    next_case_number,
    require_note,
    save_photos,
)
from cityloop.catalog.models import Category
from cityloop.core import clock
from cityloop.core.errors import DomainError
from cityloop.geo.coords import CoordinateSystem, to_wgs84
from cityloop.geo.geocoding import locate
from cityloop.geo.models import Region
from cityloop.org.models import Post

A = CaseAction
# Channels that reach the platform without a signed-in person (the channel itself is the actor).
UNATTENDED_SOURCES = frozenset(
    {
        CaseSource.CITIZEN,
        CaseSource.HOTLINE_12345,
        CaseSource.HOTLINE_12319,
        CaseSource.VIDEO_AI,
        CaseSource.MEDIA,
    }
)


@dataclass
class CaseReport:
    """What a reporter says about a problem, whichever door it came through."""

    source: CaseSource
    category: Category
    lon: float
    lat: float
    description: str
    coordinate_system: str = CoordinateSystem.WGS84
    address: str = ""
    urgency: Urgency = Urgency.NORMAL
    component_identifier: str = ""
    reporter_name: str = ""
    reporter_phone: str = ""
    self_handled: bool = False
    photos: Photos = field(default_factory=list)


def _check_report(report: CaseReport) -> Component | None:
    if not report.category.is_active:
        raise DomainError("category_inactive", f"小类“{report.category}”已停用，不能用于新案件。")
    if not report.description.strip():
        raise DomainError("description_required", "请填写问题描述。")
    if report.source == CaseSource.INSPECTOR and not report.photos:
        raise DomainError("photo_required", "监督员上报必须附现场照片。")
    if not report.component_identifier:
        return None
    component = Component.objects.filter(identifier=report.component_identifier.strip()).first()
    if component is None:
        raise DomainError("component_unknown", f"部件标识码“{report.component_identifier}”不存在。")
    if component.category.code != report.category.code:
        raise DomainError(
            "component_category_mismatch",
            f"部件“{component.identifier}”属于小类 {component.category.code}，与案件小类 {report.category.code} 不符。",
        )
    return component


def register_case(user: Any, report: CaseReport) -> Case:
    """上报/登记: a new case waiting for acceptance, placed on its grid and checked for duplicates."""
    if user is None:
        if report.source not in UNATTENDED_SOURCES:
            raise DomainError("actor_required", "该来源的案件必须由登录用户登记。", http_status=403)
        post: str = "system"
    else:
        post = check_action_allowed(user, None, A.REGISTER)
        if report.self_handled and Post.INSPECTOR not in {s.post for s in get_scopes(user)}:
            raise DomainError(
                "self_handling_not_permitted", "只有监督员可以上报自处置案件。", http_status=403
            )
    component = _check_report(report)
    lon, lat = to_wgs84(report.lon, report.lat, report.coordinate_system)
    location = locate(lon, lat)
    now = clock.now()
    district = Region.objects.only("id", "parent_id").get(pk=location.district_id)
    with transaction.atomic():
        case = Case.objects.create(
            number=next_case_number(now),
            source=report.source,
            kind=report.category.kind,
            category=report.category,
            urgency=report.urgency,
            self_handled=report.self_handled,
            lon=lon,
            lat=lat,
            grid_id=location.grid_id,
            grid_version_id=location.grid_version_id,
            community_id=location.community_id,
            street_id=location.street_id,
            district=district,
            component=component,
            address=report.address.strip(),
            description=report.description.strip(),
            reporter=user,
            reporter_name=report.reporter_name.strip(),
            reporter_phone=report.reporter_phone.strip(),
            status=CaseStatus.PENDING_ACCEPTANCE,
            duplicate_of=find_likely_original(report.category.pk, lon, lat, now),
            stage_deadline=deadlines.stage_deadline("accept", now, deadlines.calendar()),
            created_at=now,
            updated_at=now,
        )
        event = CaseEvent.objects.create(
            case=case,
            sequence=1,
            action=A.REGISTER,
            actor=user,
            actor_post=str(post),
            at=now,
            to_status=CaseStatus.PENDING_ACCEPTANCE,
            data={"source": report.source, "self_handled": report.self_handled},
        )
        save_photos(case, event, report.photos, AttachmentKind.BEFORE, user)
    return case


def send_for_verification(
    user: Any, case: Case, *, inspector: Any = None, note: str = "", expected_version: int | None = None
) -> Case:
    """发送核实: an inspector checks a public, hotline or media report on site."""
    return assign_inspector_task(
        user,
        case,
        A.SEND_FOR_VERIFICATION,
        stage="verify",
        inspector=inspector,
        note=note,
        expected_version=expected_version,
    )


def reply_verification(
    user: Any,
    case: Case,
    *,
    confirmed: bool,
    note: str = "",
    photos: Photos = (),
    expected_version: int | None = None,
) -> Case:
    """核实回复: the inspector says whether the problem is really there; the case returns to intake."""
    post, transition = begin(user, case, A.REPLY_VERIFICATION, expected_version)
    if not confirmed:
        note = require_note(note, A.REPLY_VERIFICATION)
    commit_transition(
        case,
        A.REPLY_VERIFICATION,
        transition,
        actor=user,
        post=post,
        changes={"assignee": None, "stage_deadline": None},
        note=note,
        data={"confirmed": confirmed},
        photos=photos,
        photo_kind=AttachmentKind.BEFORE,
    )
    return case


def accept_case(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """受理: the report is valid; it goes to the shift leader for filing."""
    post, transition = begin(user, case, A.ACCEPT, expected_version)
    now = clock.now()
    changes = {"stage_deadline": deadlines.stage_deadline("file", now, deadlines.calendar())}
    commit_transition(case, A.ACCEPT, transition, actor=user, post=post, changes=changes, note=note)
    return case


def refuse_acceptance(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """不予受理: counted as a void at intake."""
    post, transition = begin(user, case, A.REFUSE_ACCEPTANCE, expected_version)
    note = require_note(note, A.REFUSE_ACCEPTANCE)
    changes = {"void_kind": VoidKind.NOT_ACCEPTED, "closed_at": clock.now(), "stage_deadline": None}
    commit_transition(
        case, A.REFUSE_ACCEPTANCE, transition, actor=user, post=post, changes=changes, note=note
    )
    return case


def merge_duplicate(
    user: Any, case: Case, *, original: Case, note: str = "", expected_version: int | None = None
) -> Case:
    """合并: the report keeps its own record and source but counts as a 重复, not a new case."""
    post, transition = begin(user, case, A.MERGE_DUPLICATE, expected_version)
    if original.pk == case.pk:
        raise DomainError("merge_into_itself", "不能把案件合并到它自己。")
    if original.status in FINAL_STATUSES:
        raise DomainError("merge_target_closed", f"案件 {original.number} 已结束，不能作为合并目标。")
    if original.category_id != case.category_id:
        raise DomainError("merge_category_mismatch", "只能合并同一小类的案件。")
    changes = {"merged_into": original, "closed_at": clock.now(), "stage_deadline": None}
    commit_transition(
        case,
        A.MERGE_DUPLICATE,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        data={"merged_into": original.number},
    )
    return case


def confirm_self_handled(
    user: Any, case: Case, *, note: str = "", expected_version: int | None = None
) -> Case:
    """自处置确认: an inspector fixed a minor problem on the spot; it closes, counted apart."""
    post, transition = begin(user, case, A.CONFIRM_SELF_HANDLED, expected_version)
    if not case.self_handled:
        raise DomainError("not_self_handled", "该案件不是自处置案件。")
    now = clock.now()
    changes = {"closed_at": now, "handled_at": now, "stage_deadline": None}
    commit_transition(
        case, A.CONFIRM_SELF_HANDLED, transition, actor=user, post=post, changes=changes, note=note
    )
    return case
