"""Filing (立案) by the shift leader: choose the filing condition, or refuse, or send back."""

from __future__ import annotations

from typing import Any

from cityloop.cases import deadlines
from cityloop.cases.models import Case, Urgency
from cityloop.cases.states import CaseAction, VoidKind
from cityloop.cases.workflow.engine import begin, commit_transition, require_note
from cityloop.catalog.models import FilingCondition
from cityloop.core import clock
from cityloop.core.errors import DomainError

A = CaseAction


def file_case(
    user: Any,
    case: Case,
    *,
    filing_condition: FilingCondition,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """立案: the chosen filing condition fixes the time limit and the closing condition."""
    post, transition = begin(user, case, A.FILE, expected_version)
    if filing_condition.category_id != case.category_id or not filing_condition.is_active:
        raise DomainError(
            "filing_condition_mismatch",
            f"立案条件“{filing_condition.description}”不属于本案件的小类或已停用。",
        )
    now = clock.now()
    changes: dict[str, Any] = {
        "filing_condition": filing_condition,
        "time_limit_value": filing_condition.time_limit_value,
        "time_limit_unit": filing_condition.time_limit_unit,
        "stage_deadline": deadlines.stage_deadline("dispatch", now, deadlines.calendar()),
    }
    if filing_condition.is_urgent:
        changes["urgency"] = Urgency.URGENT
    commit_transition(
        case,
        A.FILE,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        data={"filing_condition": filing_condition.pk},
    )
    return case


def refuse_filing(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """不予立案: counted as a void at filing."""
    post, transition = begin(user, case, A.REFUSE_FILING, expected_version)
    note = require_note(note, A.REFUSE_FILING)
    changes = {"void_kind": VoidKind.NOT_FILED, "closed_at": clock.now(), "stage_deadline": None}
    commit_transition(case, A.REFUSE_FILING, transition, actor=user, post=post, changes=changes, note=note)
    return case


def return_to_intake(user: Any, case: Case, *, note: str, expected_version: int | None = None) -> Case:
    """退回受理: the shift leader sends the report back to the intake operator."""
    post, transition = begin(user, case, A.RETURN_TO_INTAKE, expected_version)
    note = require_note(note, A.RETURN_TO_INTAKE)
    now = clock.now()
    changes = {"stage_deadline": deadlines.stage_deadline("accept", now, deadlines.calendar())}
    commit_transition(case, A.RETURN_TO_INTAKE, transition, actor=user, post=post, changes=changes, note=note)
    return case
