"""Dispatch (派遣): to a department, which starts the handling clock, or on to a lower command center."""

from __future__ import annotations

from typing import Any

from cityloop.cases import deadlines
from cityloop.cases.models import Case
from cityloop.cases.states import CaseAction
from cityloop.cases.workflow.engine import begin, commit_transition
from cityloop.core import clock
from cityloop.core.errors import DomainError
from cityloop.geo.models import Grid
from cityloop.org.models import Department, DepartmentKind
from cityloop.org.responsibility import GRID_ANCESTRY, suggest_department

A = CaseAction


def suggested_department(case: Case) -> Department | None:
    """What the responsibility matrix (then the filing condition's default) proposes for this case."""
    # The grid with its regions in one query, so the matrix lookup needs no more than its own.
    grid = Grid.objects.select_related(GRID_ANCESTRY).get(pk=case.grid_id)
    return suggest_department(case.category, grid, case.filing_condition)


def forward_case(
    user: Any, case: Case, *, center: Department, note: str = "", expected_version: int | None = None
) -> Case:
    """转派: a city center hands the case to a district center, whose dispatchers then dispatch it."""
    post, transition = begin(user, case, A.FORWARD, expected_version)
    if center.kind != DepartmentKind.COMMAND_CENTER or not center.is_active:
        raise DomainError("not_a_command_center", f"“{center}”不是在用的指挥中心。")
    if center.pk == case.command_center_id:
        raise DomainError("already_at_command_center", f"案件已在“{center}”。")
    commit_transition(
        case,
        A.FORWARD,
        transition,
        actor=user,
        post=post,
        changes={"command_center": center},
        note=note,
        department=center,
    )
    return case


def dispatch_case(
    user: Any,
    case: Case,
    *,
    department: Department | None = None,
    note: str = "",
    expected_version: int | None = None,
) -> Case:
    """派遣: the responsible department gets the case and the handling clock starts.

    Without an explicit department the matrix's suggestion is used; the event records the suggestion
    and whether the dispatcher overrode it.
    """
    post, transition = begin(user, case, A.DISPATCH, expected_version)
    suggested = suggested_department(case)
    target = department or suggested
    if target is None:
        raise DomainError("department_required", "责任矩阵中没有该案件的责任部门，请指定处置部门。")
    if not target.is_active:
        raise DomainError("department_inactive", f"部门“{target}”已停用。")
    if target.kind == DepartmentKind.COMMAND_CENTER:
        raise DomainError("department_is_command_center", f"“{target}”是指挥中心，请使用转派。")
    if case.time_limit_value is None or not case.time_limit_unit:
        raise DomainError("time_limit_missing", "案件没有处置时限，请先立案。")
    now = clock.now()
    cal = deadlines.calendar()
    deadline = deadlines.handling_deadline(now, case.time_limit_value, case.time_limit_unit, cal)
    changes = {
        "department": target,
        "handling_started_at": now,
        "deadline": deadline,
        "yellow_at": deadlines.yellow_mark(now, deadline, case.time_limit_unit, cal),
        "handled_at": None,
        "stage_deadline": None,
    }
    data = {
        "suggested_department": suggested.pk if suggested else None,
        "overridden": suggested is not None and target.pk != suggested.pk,
    }
    commit_transition(
        case,
        A.DISPATCH,
        transition,
        actor=user,
        post=post,
        changes=changes,
        note=note,
        data=data,
        department=target,
    )
    return case
