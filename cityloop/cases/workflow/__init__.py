"""One function per state change of a case (issue #3 §4).

Every function takes the acting user first, checks post, scope and state through the one seam
(``cases.access``) and the one table (``cases.states``), writes the new state with a version check and
appends one event — all in one transaction. Web pages, the REST API and Open311 call these and
nothing else to change a case.
"""

from cityloop.cases.workflow.closing import (
    approve_void,
    close_case,
    fail_check,
    pass_check,
    refuse_void,
    reject_close,
    request_void,
    send_for_check,
    urge_case,
)
from cityloop.cases.workflow.dispatch import dispatch_case, forward_case
from cityloop.cases.workflow.filing import file_case, refuse_filing, return_to_intake
from cityloop.cases.workflow.handling import (
    approve_extension,
    approve_return,
    approve_suspension,
    refuse_extension,
    refuse_return,
    refuse_suspension,
    request_extension,
    request_return,
    request_suspension,
    resume_case,
    submit_feedback,
)
from cityloop.cases.workflow.intake import (
    CaseReport,
    accept_case,
    confirm_self_handled,
    merge_duplicate,
    refuse_acceptance,
    register_case,
    reply_verification,
    send_for_verification,
)

__all__ = [
    "CaseReport",
    "accept_case",
    "approve_extension",
    "approve_return",
    "approve_suspension",
    "approve_void",
    "close_case",
    "confirm_self_handled",
    "dispatch_case",
    "fail_check",
    "file_case",
    "forward_case",
    "merge_duplicate",
    "pass_check",
    "refuse_acceptance",
    "refuse_extension",
    "refuse_filing",
    "refuse_return",
    "refuse_suspension",
    "refuse_void",
    "register_case",
    "reject_close",
    "reply_verification",
    "request_extension",
    "request_return",
    "request_suspension",
    "request_void",
    "resume_case",
    "return_to_intake",
    "send_for_check",
    "send_for_verification",
    "submit_feedback",
    "urge_case",
]
