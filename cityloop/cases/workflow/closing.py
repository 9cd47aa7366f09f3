"""Checking, closing, rework, voids and urging."""

from __future__ import annotations

from typing import Any

from cityloop.cases import deadlines
from cityloop.cases.models import AttachmentKind, Case
from cityloop.cases.states import CaseAction, VoidKind
from cityloop.cases.workflow.engine import (
    Photos,
    assign_inspector_task,
    begin,
    commit_transition,
    require_note,
)
from cityloop.core import clock
from cityloop.core.errors import DomainError

A = CaseAction


def send_for_check(
    user: Any, case: Case, *, inspector: Any = None, note: str = "", expected_version: int | None = None
) -> Case:
    """发送核查: an inspector goes to see whether the department really solved it."""
    return assign_inspector_task(
        user,
        case,
        A.SEND_FOR_CHECK,
        stage="check",
        inspector=inspector,
        note=note,
        expected_version=expected_version,
    )


def pass_check(
    user: Any, case: Case, *, note: str = "", photos: Photos = (), expected_version: int | None = None
) -> Case:
    """核查通过: solved on site; the shift leader may close it."""
    post, transition = begin(user, case, A.PASS_CHECK, expected_version)
    now = clock.now()
    changes = {
        "assignee": None,
        "stage_deadline": deadlines.stage_deadline("close", now, deadlines.calendar()),
    }
    commit_transition(
        case,
        A.PASS_CHECK,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        photos=photos,
        photo_kind=AttachmentKind.AFTER,
    )
    return case


def _rework_changes(case: Case) -> dict[str, Any]:
    """返工: the same department again, with a fresh full time limit, counted once more."""
    if case.time_limit_value is None or not case.time_limit_unit:
        raise DomainError("handling_clock_missing", "案件缺少处置时限信息。", http_status=409)
    now = clock.now()
    cal = deadlines.calendar()
    deadline = deadlines.handling_deadline(now, case.time_limit_value, case.time_limit_unit, cal)
    return {
        "assignee": None,
        "rework_count": case.rework_count + 1,
        "handling_started_at": now,
        "deadline": deadline,
        "yellow_at": deadlines.yellow_mark(now, deadline, case.time_limit_unit, cal),
        "handled_at": None,
        "stage_deadline": None,
    }


def _rework(
    user: Any, case: Case, action: CaseAction, note: str, expected_version: int | None, photos: Photos = ()
) -> Case:
    """返工: back to the same department with a fresh time limit (failed check or rejected close)."""
    post, transition = begin(user, case, action, expected_version)
    note = require_note(note, action)
    commit_transition(
        case,
        action,
        transition,
        actor=user,
        post=post,
        changes=_rework_changes(case),
        note=note,
        photos=photos,
        photo_kind=AttachmentKind.OTHER,
        department=case.department,
    )
    return case


def fail_check(
    user: Any, case: Case, *, note: str, photos: Photos = (), expected_version: int | None = None
) -> Case:
    """核查未通过: the inspector found the problem still there."""
    return _rework(user, case, A.FAIL_CHECK, note, expected_version, photos)


def close_case(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    """结案."""
    post, transition = begin(user, case, A.CLOSE, expected_version)
    changes = {"closed_at": clock.now(), "stage_deadline": None}
    commit_transition(case, A.CLOSE, transition, actor=user, post=post, changes=changes, note=note)
    return case


def reject_close(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """结案退回: the shift leader is not satisfied."""
    return _rework(user, case, A.REJECT_CLOSE, note, expected_version)


def request_void(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """申请作废 of a filed case (a wrong or duplicate filing); the shift leader decides."""
    post, transition = begin(user, case, A.REQUEST_VOID, expected_version)
    note = require_note(note, A.REQUEST_VOID)
    commit_transition(case, A.REQUEST_VOID, transition, actor=user, post=post, note=note)
    return case


def approve_void(user: Any, case: Case, *, note: str = "", expected_version: int | None = None) -> Case:
    post, transition = begin(user, case, A.APPROVE_VOID, expected_version)
    changes = {
        "void_kind": VoidKind.VOIDED,
        "closed_at": clock.now(),
        "stage_deadline": None,
        "assignee": None,
    }
    commit_transition(case, A.APPROVE_VOID, transition, actor=user, post=post, changes=changes, note=note)
    return case


def refuse_void(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    post, transition = begin(user, case, A.REFUSE_VOID, expected_version)
    note = require_note(note, A.REFUSE_VOID)
    commit_transition(case, A.REFUSE_VOID, transition, actor=user, post=post, note=note)
    return case


def urge_case(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """督办: flags the case and counts the urging; the state stays."""
    post, transition = begin(user, case, A.URGE, expected_version)
    note = require_note(note, A.URGE)
    commit_transition(
        case,
        A.URGE,
        transition,
        actor=user,
        post=post,
        changes={"urge_count": case.urge_count + 1},
        note=note,
        department=case.department,
    )
    return case
