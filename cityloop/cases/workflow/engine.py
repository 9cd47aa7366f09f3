"""The mechanics every transition shares: state check, version check, write, event, attachments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import F

from cityloop.cases.access import check_action_allowed
from cityloop.cases.models import Attachment, AttachmentKind, Case, CaseEvent, CaseNumberCounter
from cityloop.cases.states import CaseAction, Transition, get_transition
from cityloop.core import clock
from cityloop.core.errors import Conflict, DomainError
from cityloop.org.models import Department, Post

Photos = Sequence[UploadedFile]


def require_transition(case: Case, action: CaseAction) -> Transition:
    transition = get_transition(case.status, action, case.pending_request)
    if transition is None:
        state = case.get_status_display()
        if case.pending_request:
            state += f"（{case.get_pending_request_display()}待审批）"
        raise Conflict("transition_not_allowed", f"案件当前为“{state}”，不能执行“{action.label}”。")
    return transition


def require_note(note: str, action: CaseAction) -> str:
    note = (note or "").strip()
    if not note:
        raise DomainError("note_required", f"“{action.label}”必须填写意见或理由。")
    return note


def require_photos(photos: Photos, code: str, message: str) -> None:
    if not photos:
        raise DomainError(code, message)


def begin(user: Any, case: Case, action: CaseAction, expected_version: int | None) -> tuple[Post, Transition]:
    """Check post and scope, then state, then the caller's version: the order users see errors in."""
    post = check_action_allowed(user, case, action)
    transition = require_transition(case, action)
    if expected_version is not None and expected_version != case.version:
        raise Conflict("case_changed", "案件已被他人处理，请刷新后重试。")
    return post, transition


def commit_transition(
    case: Case,
    action: CaseAction,
    transition: Transition,
    *,
    actor: Any,
    post: Post | str,
    changes: dict[str, Any] | None = None,
    note: str = "",
    data: dict[str, Any] | None = None,
    department: Department | None = None,
    photos: Photos = (),
    photo_kind: AttachmentKind = AttachmentKind.OTHER,
    at: datetime | None = None,
) -> CaseEvent:
    """Write the new state only if nobody else changed the case since it was read; append the event."""
    now = at or clock.now()
    from_status = case.status
    deadline_before = case.deadline
    pending: str
    if transition.opens is not None:
        pending = transition.opens
    elif transition.needs is not None:
        pending = ""
    else:
        pending = case.pending_request
    fields: dict[str, Any] = {
        "status": transition.to,
        "pending_request": pending,
        "version": case.version + 1,
        "updated_at": now,
        **(changes or {}),
    }
    with transaction.atomic():
        updated = Case.objects.filter(pk=case.pk, version=case.version).update(**fields)
        if updated != 1:
            raise Conflict("case_changed", "案件已被他人处理，请刷新后重试。")
        for name, value in fields.items():
            setattr(case, name, value)
        event = CaseEvent.objects.create(
            case=case,
            sequence=case.version,
            action=action,
            actor=actor,
            actor_post=str(post),
            at=now,
            from_status=from_status,
            to_status=transition.to,
            department=department,
            deadline_before=deadline_before,
            deadline_after=case.deadline,
            note=note,
            data=data or {},
        )
        save_photos(case, event, photos, photo_kind, actor)
    return event


def save_photos(case: Case, event: CaseEvent, photos: Photos, kind: AttachmentKind, actor: Any) -> None:
    for photo in photos:
        Attachment.objects.create(
            case=case,
            event=event,
            kind=kind,
            file=photo,
            content_type=getattr(photo, "content_type", "") or "",
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )


def assign_inspector_task(
    user: Any,
    case: Case,
    action: CaseAction,
    *,
    stage: str,
    inspector: Any,
    note: str,
    expected_version: int | None,
) -> Case:
    """Send the case to an inspector (a named one, or any on duty in its area) for a site visit."""
    from cityloop.cases import deadlines
    from cityloop.cases.access import get_scopes

    post, transition = begin(user, case, action, expected_version)
    if inspector is not None and Post.INSPECTOR not in {s.post for s in get_scopes(inspector)}:
        raise DomainError("assignee_not_inspector", f"“{inspector}”不是监督员，不能接收现场任务。")
    changes = {
        "assignee": inspector,
        "stage_deadline": deadlines.stage_deadline(stage, clock.now(), deadlines.calendar()),
    }
    commit_transition(case, action, transition, actor=user, post=post, changes=changes, note=note)
    return case


def next_case_number(now: datetime) -> str:
    """YYYYMMDD + 6-digit sequence of the local day; the counter row lives in the database.

    Must run inside the registering transaction so a rolled-back registration gives its number back.
    """
    from django.utils import timezone

    day = timezone.localtime(now).date()
    updated = CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
    if not updated:
        try:
            with transaction.atomic():
                CaseNumberCounter.objects.create(day=day, last=1)
        except IntegrityError:  # another process created today's row first
            CaseNumberCounter.objects.filter(day=day).update(last=F("last") + 1)
    last = CaseNumberCounter.objects.values_list("last", flat=True).get(day=day)
    return f"{day:%Y%m%d}{last:06d}"
