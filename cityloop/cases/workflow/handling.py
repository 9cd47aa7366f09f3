"""Handling by the department: feedback, and requests to return, extend or suspend, with decisions."""

from __future__ import annotations

from typing import Any

from cityloop.cases import deadlines
from cityloop.cases.models import AttachmentKind, Case, CaseEvent
from cityloop.cases.states import CaseAction
from cityloop.cases.workflow.engine import Photos, begin, commit_transition, require_note, require_photos
from cityloop.core import clock
from cityloop.core.errors import DomainError

A = CaseAction
MAX_EXTENSION_HOURS = 720


def submit_feedback(
    user: Any, case: Case, *, note: str, photos: Photos, expected_version: int | None = None
) -> Case:
    """处置反馈: the department reports the problem solved, with after-photos; handling time stops."""
    post, transition = begin(user, case, A.FEEDBACK, expected_version)
    note = require_note(note, A.FEEDBACK)
    require_photos(photos, "after_photo_required", "处置反馈必须附处置后照片。")
    now = clock.now()
    changes = {
        "handled_at": now,
        "stage_deadline": deadlines.stage_deadline("check", now, deadlines.calendar()),
    }
    commit_transition(
        case,
        A.FEEDBACK,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        department=case.department,
        photos=photos,
        photo_kind=AttachmentKind.AFTER,
        data={"on_time": case.deadline is None or now <= case.deadline},
    )
    return case


def _request(
    user: Any, case: Case, action: CaseAction, note: str, expected_version: int | None, **data: Any
) -> Case:
    post, transition = begin(user, case, action, expected_version)
    note = require_note(note, action)
    commit_transition(
        case, action, transition, actor=user, post=post, note=note, department=case.department, data=data
    )
    return case


def _decide(
    user: Any,
    case: Case,
    action: CaseAction,
    note: str,
    expected_version: int | None,
    *,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    note_required: bool = False,
) -> Case:
    post, transition = begin(user, case, action, expected_version)
    if note_required:
        note = require_note(note, action)
    commit_transition(
        case,
        action,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        department=case.department,
        data=data,
    )
    return case


def request_return(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """申请回退: the department says the case is not theirs."""
    return _request(user, case, A.REQUEST_RETURN, note, expected_version)


def approve_return(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """同意回退: the case goes back to dispatch; the handling clock of this department ends."""
    changes = {"department": None, "handling_started_at": None, "deadline": None, "yellow_at": None}
    return _decide(user, case, A.APPROVE_RETURN, note, expected_version, changes=changes)


def refuse_return(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    return _decide(user, case, A.REFUSE_RETURN, note, expected_version, note_required=True)


def request_extension(
    user: Any, case: Case, *, hours: int, note: str, expected_version: int | None = None
) -> Case:
    """申请延期: more hours, counted in the unit of the case's limit (working or natural)."""
    if not isinstance(hours, int) or not 0 < hours <= MAX_EXTENSION_HOURS:
        raise DomainError("extension_hours_invalid", f"延期时长须为 1–{MAX_EXTENSION_HOURS} 之间的整数小时。")
    return _request(user, case, A.REQUEST_EXTENSION, note, expected_version, hours=hours)


def _requested_hours(case: Case) -> int:
    event = CaseEvent.objects.filter(case=case, action=A.REQUEST_EXTENSION).order_by("-sequence").first()
    if event is None:  # the table guarantees a pending request; a missing event is corrupted data
        raise DomainError("extension_request_missing", "找不到延期申请记录。", http_status=409)
    return int(event.data["hours"])


def approve_extension(
    user: Any, case: Case, *, hours: int | None = None, note: str = "", expected_version: int | None = None
) -> Case:
    """同意延期: the deadline moves by the approved hours (at most the requested ones)."""
    requested = _requested_hours(case)
    granted = requested if hours is None else hours
    if not isinstance(granted, int) or not 0 < granted <= requested:
        raise DomainError("extension_hours_invalid", f"批准的延期时长须为 1–{requested} 小时。")
    assert case.deadline and case.handling_started_at and case.time_limit_unit  # handling state
    cal = deadlines.calendar()
    deadline = deadlines.extended_deadline(case.deadline, granted, case.time_limit_unit, cal)
    changes = {
        "deadline": deadline,
        "yellow_at": deadlines.yellow_mark(case.handling_started_at, deadline, case.time_limit_unit, cal),
    }
    return _decide(
        user, case, A.APPROVE_EXTENSION, note, expected_version, changes=changes, data={"hours": granted}
    )


def refuse_extension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    return _decide(user, case, A.REFUSE_EXTENSION, note, expected_version, note_required=True)


def request_suspension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """申请挂账: the problem cannot be solved for now (funding, season, works); the clock would stop."""
    return _request(user, case, A.REQUEST_SUSPENSION, note, expected_version)


def approve_suspension(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    return _decide(
        user, case, A.APPROVE_SUSPENSION, note, expected_version, changes={"suspended_at": clock.now()}
    )


def refuse_suspension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    return _decide(user, case, A.REFUSE_SUSPENSION, note, expected_version, note_required=True)


def resume_case(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """恢复处置: the clock runs again; the time spent suspended is not counted against the department."""
    assert case.deadline and case.suspended_at and case.handling_started_at and case.time_limit_unit
    now = clock.now()
    cal = deadlines.calendar()
    deadline = deadlines.resumed_deadline(case.deadline, case.suspended_at, now, case.time_limit_unit, cal)
    changes = {
        "deadline": deadline,
        "yellow_at": deadlines.yellow_mark(case.handling_started_at, deadline, case.time_limit_unit, cal),
        "suspended_at": None,
    }
    return _decide(user, case, A.RESUME, note, expected_version, changes=changes)
