"""Rebuild a case's state from its event log alone, through the same transition table.

The log is the single source for statistics, so it must be complete: ``replay`` of a case's events
must equal the case row. Tests and the integrity check compare the two.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from cityloop.cases.models import CaseEvent
from cityloop.cases.states import CaseAction, CaseStatus, RequestKind, get_transition

A = CaseAction
_DEPARTMENT_SETTING = frozenset({A.DISPATCH})
_DEPARTMENT_CLEARING = frozenset({A.APPROVE_RETURN})
_REWORK = frozenset({A.FAIL_CHECK, A.REJECT_CLOSE})


class ReplayError(Exception):
    """The log holds a step the transition table does not allow: the log or the row is corrupt."""


@dataclass
class ReplayedState:
    status: CaseStatus | None = None
    pending_request: RequestKind | None = None
    department_id: int | None = None
    deadline: datetime | None = None
    rework_count: int = 0
    urge_count: int = 0
    version: int = 0


def replay(events: Iterable[CaseEvent]) -> ReplayedState:
    state = ReplayedState()
    for event in sorted(events, key=lambda e: e.sequence):
        action = CaseAction(event.action)
        transition = get_transition(state.status, action, state.pending_request)
        if transition is None or transition.to != event.to_status:
            raise ReplayError(f"event {event.sequence} ({action}) is not allowed from {state.status}")
        if event.sequence != state.version + 1:
            raise ReplayError(f"event {event.sequence} follows {state.version}")
        if transition.opens is not None:
            state.pending_request = transition.opens
        elif transition.needs is not None:
            state.pending_request = None
        if action in _DEPARTMENT_SETTING:
            state.department_id = event.department_id
        elif action in _DEPARTMENT_CLEARING:
            state.department_id = None
        state.rework_count += action in _REWORK
        state.urge_count += action == A.URGE
        state.deadline = event.deadline_after
        state.status = transition.to
        state.version = event.sequence
    return state
