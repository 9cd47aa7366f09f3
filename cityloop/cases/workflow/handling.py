"""Handling by the department: feedback, and requests to return, extend or suspend, with decisions."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
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
    changes: Callable[[], dict[str, Any]] | None = None,
    data: Callable[[], dict[str, Any]] | None = None,
    note_required: bool = False,
) -> Case:
    """Decide a request. ``changes``/``data`` are computed only after post, scope and state passed."""
    post, transition = begin(user, case, action, expected_version)
    if note_required:
        note = require_note(note, action)
    commit_transition(
        case,
        action,
        transition,
        actor=user,
        post=post,
        changes=changes() if changes else None,
        note=note,
        department=case.department,
        data=data() if data else None,
    )
    return case


def request_return(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """申请回退: the department says the case is not theirs."""
    return _request(user, case, A.REQUEST_RETURN, note, expected_version)


def approve_return(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """同意回退: the case goes back to dispatch; the handling clock of this department ends."""

    def changes() -> dict[str, Any]:
        return {"department": None, "handling_started_at": None, "deadline": None, "yellow_at": None}

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
    granted: list[int] = []

    def changes() -> dict[str, Any]:
        requested = _requested_hours(case)
        hours_granted = requested if hours is None else hours
        if not isinstance(hours_granted, int) or not 0 < hours_granted <= requested:
            raise DomainError("extension_hours_invalid", f"批准的延期时长须为 1–{requested} 小时。")
        granted.append(hours_granted)
        deadline, started, unit = _handling_clock(case)
        cal = deadlines.calendar()
        deadline = deadlines.extended_deadline(deadline, hours_granted, unit, cal)
        return {"deadline": deadline, "yellow_at": deadlines.yellow_mark(started, deadline, unit, cal)}

    return _decide(
        user,
        case,
        A.APPROVE_EXTENSION,
        note,
        expected_version,
        changes=changes,
        data=lambda: {"hours": granted[0]},
    )


def _handling_clock(case: Case) -> tuple[datetime, datetime, str]:
    """The running clock of a case being handled; a handled case without one is corrupt data."""
    if case.deadline is None or case.handling_started_at is None or not case.time_limit_unit:
        raise DomainError("handling_clock_missing", "案件缺少处置时限信息。", http_status=409)
    return case.deadline, case.handling_started_at, case.time_limit_unit


def refuse_extension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    return _decide(user, case, A.REFUSE_EXTENSION, note, expected_version, note_required=True)


def request_suspension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """申请挂账: the problem cannot be solved for now (funding, season, works); the clock would stop."""
    return _request(user, case, A.REQUEST_SUSPENSION, note, expected_version)


def approve_suspension(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    return _decide(
        user,
        case,
        A.APPROVE_SUSPENSION,
        note,
        expected_version,
        changes=lambda: {"suspended_at": clock.now()},
    )


def refuse_suspension(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    return _decide(user, case, A.REFUSE_SUSPENSION, note, expected_version, note_required=True)


def resume_case(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """恢复处置: the clock runs again; the time spent suspended is not counted against the department."""

    def changes() -> dict[str, Any]:
        deadline, started, unit = _handling_clock(case)
        if case.suspended_at is None:
            raise DomainError("handling_clock_missing", "案件缺少挂账时间。", http_status=409)
        cal = deadlines.calendar()
        deadline = deadlines.resumed_deadline(deadline, case.suspended_at, clock.now(), unit, cal)
        return {
            "deadline": deadline,
            "yellow_at": deadlines.yellow_mark(started, deadline, unit, cal),
            "suspended_at": None,
        }

    return _decide(user, case, A.RESUME, note, expected_version, changes=changes)
