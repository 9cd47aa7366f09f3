"""The case state machine: one status enum, one action enum, one transition table (DESIGN §2).

Everything that asks "may this happen now?" — the workflow functions, the pages deciding which
buttons to show, the property tests, the log replay — reads ``TRANSITIONS``. A pending request
(return, extension, suspension, void) is part of the state: request actions open one, approve and
refuse actions need the matching one open and close it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    PENDING_ACCEPTANCE = "pending_acceptance", _("待受理")
    VERIFYING = "verifying", _("待核实")
    PENDING_FILING = "pending_filing", _("待立案")
    PENDING_DISPATCH = "pending_dispatch", _("待派遣")
    HANDLING = "handling", _("处置中")
    SUSPENDED = "suspended", _("挂账")
    PENDING_CHECK = "pending_check", _("待核查")
    CHECKING = "checking", _("核查中")
    PENDING_CLOSE = "pending_close", _("待结案")
    CLOSED = "closed", _("已结案")
    VOIDED = "voided", _("已作废")
    MERGED = "merged", _("已合并(重复)")


FINAL_STATUSES = frozenset({CaseStatus.CLOSED, CaseStatus.VOIDED, CaseStatus.MERGED})
OPEN_STATUSES = frozenset(set(CaseStatus) - FINAL_STATUSES)
# After filing, until the end: the statuses in which a case has a handling clock or is past it.
FILED_OPEN_STATUSES = frozenset(
    {
        CaseStatus.PENDING_DISPATCH,
        CaseStatus.HANDLING,
        CaseStatus.SUSPENDED,
        CaseStatus.PENDING_CHECK,
        CaseStatus.CHECKING,
        CaseStatus.PENDING_CLOSE,
    }
)


class RequestKind(models.TextChoices):
    """A department's or operator's request that waits for someone else's approval."""

    RETURN = "return", _("回退申请")
    EXTENSION = "extension", _("延期申请")
    SUSPENSION = "suspension", _("挂账申请")
    VOID = "void", _("作废申请")


class VoidKind(models.TextChoices):
    """Where a case left the loop unfiled; each is counted differently (DESIGN §2)."""

    NOT_ACCEPTED = "not_accepted", _("不予受理")
    NOT_FILED = "not_filed", _("不予立案")
    VOIDED = "voided", _("作废")


class CaseAction(models.TextChoices):
    REGISTER = "register", _("上报/登记")
    SEND_FOR_VERIFICATION = "send_for_verification", _("发送核实")
    REPLY_VERIFICATION = "reply_verification", _("核实回复")
    ACCEPT = "accept", _("受理")
    REFUSE_ACCEPTANCE = "refuse_acceptance", _("不予受理")
    MERGE_DUPLICATE = "merge_duplicate", _("合并重复")
    CONFIRM_SELF_HANDLED = "confirm_self_handled", _("自处置确认")
    FILE = "file", _("立案")
    REFUSE_FILING = "refuse_filing", _("不予立案")
    RETURN_TO_INTAKE = "return_to_intake", _("退回受理")
    FORWARD = "forward", _("转下级指挥中心")
    DISPATCH = "dispatch", _("派遣")
    FEEDBACK = "feedback", _("处置反馈")
    REQUEST_RETURN = "request_return", _("申请回退")
    APPROVE_RETURN = "approve_return", _("同意回退")
    REFUSE_RETURN = "refuse_return", _("不同意回退")
    REQUEST_EXTENSION = "request_extension", _("申请延期")
    APPROVE_EXTENSION = "approve_extension", _("同意延期")
    REFUSE_EXTENSION = "refuse_extension", _("不同意延期")
    REQUEST_SUSPENSION = "request_suspension", _("申请挂账")
    APPROVE_SUSPENSION = "approve_suspension", _("同意挂账")
    REFUSE_SUSPENSION = "refuse_suspension", _("不同意挂账")
    RESUME = "resume", _("恢复处置")
    SEND_FOR_CHECK = "send_for_check", _("发送核查")
    PASS_CHECK = "pass_check", _("核查通过")
    FAIL_CHECK = "fail_check", _("核查未通过")
    CLOSE = "close", _("结案")
    REJECT_CLOSE = "reject_close", _("结案退回(返工)")
    REQUEST_VOID = "request_void", _("申请作废")
    APPROVE_VOID = "approve_void", _("同意作废")
    REFUSE_VOID = "refuse_void", _("不同意作废")
    URGE = "urge", _("督办")


@dataclass(frozen=True)
class Transition:
    """What an action does from one status: where the case goes and what happens to requests."""

    to: CaseStatus
    opens: RequestKind | None = None  # the action files this request
    needs: RequestKind | None = None  # the action decides this pending request


S, A, R = CaseStatus, CaseAction, RequestKind

# (from status, action) → transition. ``None`` as the from-status is a case that does not exist yet.
TRANSITIONS: dict[tuple[CaseStatus | str | None, CaseAction], Transition] = {
    (None, A.REGISTER): Transition(S.PENDING_ACCEPTANCE),
    (S.PENDING_ACCEPTANCE, A.SEND_FOR_VERIFICATION): Transition(S.VERIFYING),
    (S.VERIFYING, A.REPLY_VERIFICATION): Transition(S.PENDING_ACCEPTANCE),
    (S.PENDING_ACCEPTANCE, A.ACCEPT): Transition(S.PENDING_FILING),
    (S.PENDING_ACCEPTANCE, A.REFUSE_ACCEPTANCE): Transition(S.VOIDED),
    (S.PENDING_ACCEPTANCE, A.MERGE_DUPLICATE): Transition(S.MERGED),
    (S.PENDING_ACCEPTANCE, A.CONFIRM_SELF_HANDLED): Transition(S.CLOSED),
    (S.PENDING_FILING, A.FILE): Transition(S.PENDING_DISPATCH),
    (S.PENDING_FILING, A.REFUSE_FILING): Transition(S.VOIDED),
    (S.PENDING_FILING, A.RETURN_TO_INTAKE): Transition(S.PENDING_ACCEPTANCE),
    (S.PENDING_DISPATCH, A.FORWARD): Transition(S.PENDING_DISPATCH),
    (S.PENDING_DISPATCH, A.DISPATCH): Transition(S.HANDLING),
    (S.HANDLING, A.FEEDBACK): Transition(S.PENDING_CHECK),
    (S.HANDLING, A.REQUEST_RETURN): Transition(S.HANDLING, opens=R.RETURN),
    (S.HANDLING, A.APPROVE_RETURN): Transition(S.PENDING_DISPATCH, needs=R.RETURN),
    (S.HANDLING, A.REFUSE_RETURN): Transition(S.HANDLING, needs=R.RETURN),
    (S.HANDLING, A.REQUEST_EXTENSION): Transition(S.HANDLING, opens=R.EXTENSION),
    (S.HANDLING, A.APPROVE_EXTENSION): Transition(S.HANDLING, needs=R.EXTENSION),
    (S.HANDLING, A.REFUSE_EXTENSION): Transition(S.HANDLING, needs=R.EXTENSION),
    (S.HANDLING, A.REQUEST_SUSPENSION): Transition(S.HANDLING, opens=R.SUSPENSION),
    (S.HANDLING, A.APPROVE_SUSPENSION): Transition(S.SUSPENDED, needs=R.SUSPENSION),
    (S.HANDLING, A.REFUSE_SUSPENSION): Transition(S.HANDLING, needs=R.SUSPENSION),
    (S.SUSPENDED, A.RESUME): Transition(S.HANDLING),
    (S.PENDING_CHECK, A.SEND_FOR_CHECK): Transition(S.CHECKING),
    (S.CHECKING, A.PASS_CHECK): Transition(S.PENDING_CLOSE),
    (S.CHECKING, A.FAIL_CHECK): Transition(S.HANDLING),
    (S.PENDING_CLOSE, A.CLOSE): Transition(S.CLOSED),
    (S.PENDING_CLOSE, A.REJECT_CLOSE): Transition(S.HANDLING),
}
# Void requests and urging apply to every filed, open case.
for _status in FILED_OPEN_STATUSES:
    TRANSITIONS[(_status, A.REQUEST_VOID)] = Transition(_status, opens=R.VOID)
    TRANSITIONS[(_status, A.APPROVE_VOID)] = Transition(S.VOIDED, needs=R.VOID)
    TRANSITIONS[(_status, A.REFUSE_VOID)] = Transition(_status, needs=R.VOID)
for _status in OPEN_STATUSES:
    TRANSITIONS[(_status, A.URGE)] = Transition(_status)

# Actions that hand the case over cannot happen while a request waits for its decision.
_BLOCKED_BY_PENDING_REQUEST = frozenset({A.FEEDBACK, A.FORWARD, A.DISPATCH, A.RESUME})


def get_transition(
    status: CaseStatus | str | None, action: CaseAction, pending_request: RequestKind | str | None
) -> Transition | None:
    """The transition ``action`` makes from this state, or None if it is not allowed now."""
    pending_request = pending_request or None  # the row stores "" for "no request"
    transition = TRANSITIONS.get((status, action))
    if transition is None:
        return None
    if transition.needs is not None and transition.needs != pending_request:
        return None
    if transition.opens is not None and pending_request is not None:
        return None  # one open request at a time
    if action in _BLOCKED_BY_PENDING_REQUEST and pending_request is not None:
        return None
    return transition


def available_actions(
    status: CaseStatus | str | None, pending_request: RequestKind | str | None
) -> list[CaseAction]:
    """Every action the table allows from this state, in declaration order (for buttons and tests)."""
    return [action for action in CaseAction if get_transition(status, action, pending_request)]
