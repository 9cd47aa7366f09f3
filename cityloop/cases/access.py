"""Who may see a case and who may act on it: the cases' one permission seam (issue #3 §3).

A user acts through a post (``org.PostAssignment``) and only inside that assignment's scope:
- region-scoped posts (监督员, 受理员, 值班长, 派遣员, 领导) see cases inside their regions; a leader
  with no regions sees the whole jurisdiction, the others with no regions see nothing;
- a department handler sees the cases dispatched to their department(s), never others;
- an inspector also sees the cases they reported and the tasks assigned to them;
- the system, security and audit administrators manage the platform, not cases (三员 separation).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Q

from cityloop.cases.querysets import dispatched_to_q, region_q
from cityloop.cases.states import CaseAction, get_transition
from cityloop.core.errors import DomainError, NotFound
from cityloop.org.models import Post
from cityloop.org.scopes import get_assignments

if TYPE_CHECKING:
    from cityloop.cases.models import Case

A = CaseAction
ACTION_POSTS: dict[CaseAction, frozenset[Post]] = {
    A.REGISTER: frozenset({Post.INSPECTOR, Post.OPERATOR}),
    A.SEND_FOR_VERIFICATION: frozenset({Post.OPERATOR}),
    A.REPLY_VERIFICATION: frozenset({Post.INSPECTOR}),
    A.ACCEPT: frozenset({Post.OPERATOR}),
    A.REFUSE_ACCEPTANCE: frozenset({Post.OPERATOR}),
    A.MERGE_DUPLICATE: frozenset({Post.OPERATOR}),
    A.CONFIRM_SELF_HANDLED: frozenset({Post.OPERATOR, Post.SHIFT_LEADER}),
    A.FILE: frozenset({Post.SHIFT_LEADER}),
    A.REFUSE_FILING: frozenset({Post.SHIFT_LEADER}),
    A.RETURN_TO_INTAKE: frozenset({Post.SHIFT_LEADER}),
    A.FORWARD: frozenset({Post.DISPATCHER}),
    A.DISPATCH: frozenset({Post.DISPATCHER}),
    A.FEEDBACK: frozenset({Post.HANDLER}),
    A.REQUEST_RETURN: frozenset({Post.HANDLER}),
    A.APPROVE_RETURN: frozenset({Post.DISPATCHER}),
    A.REFUSE_RETURN: frozenset({Post.DISPATCHER}),
    A.REQUEST_EXTENSION: frozenset({Post.HANDLER}),
    A.APPROVE_EXTENSION: frozenset({Post.DISPATCHER, Post.SHIFT_LEADER}),
    A.REFUSE_EXTENSION: frozenset({Post.DISPATCHER, Post.SHIFT_LEADER}),
    A.REQUEST_SUSPENSION: frozenset({Post.HANDLER}),
    A.APPROVE_SUSPENSION: frozenset({Post.DISPATCHER}),
    A.REFUSE_SUSPENSION: frozenset({Post.DISPATCHER}),
    A.RESUME: frozenset({Post.DISPATCHER}),
    A.SEND_FOR_CHECK: frozenset({Post.OPERATOR}),
    A.PASS_CHECK: frozenset({Post.INSPECTOR}),
    A.FAIL_CHECK: frozenset({Post.INSPECTOR}),
    A.CLOSE: frozenset({Post.SHIFT_LEADER}),
    A.REJECT_CLOSE: frozenset({Post.SHIFT_LEADER}),
    A.REQUEST_VOID: frozenset({Post.OPERATOR, Post.DISPATCHER, Post.HANDLER}),
    A.APPROVE_VOID: frozenset({Post.SHIFT_LEADER}),
    A.REFUSE_VOID: frozenset({Post.SHIFT_LEADER}),
    A.URGE: frozenset({Post.SHIFT_LEADER, Post.LEADER}),
}
REGION_SCOPED_POSTS = frozenset(
    {Post.INSPECTOR, Post.OPERATOR, Post.SHIFT_LEADER, Post.DISPATCHER, Post.LEADER}
)
CITY_WIDE_WHEN_UNSCOPED = frozenset({Post.LEADER})


@dataclass(frozen=True)
class Scope:
    """One active post assignment, flattened: the ids it covers."""

    post: Post
    region_ids: frozenset[int]
    department_ids: frozenset[int]  # own department plus scope departments

    def covers_region_of(self, case: Case) -> bool:
        if not self.region_ids:
            return self.post in CITY_WIDE_WHEN_UNSCOPED
        candidates = (case.district_id, case.street_id, case.community_id, case.district.parent_id)
        places = {place for place in candidates if place is not None}
        return not self.region_ids.isdisjoint(places)


def get_scopes(user: Any) -> list[Scope]:
    """The user's active assignments as scopes; cached on the user object for one request."""
    cached = getattr(user, "_cityloop_scopes", None)
    if cached is not None:
        return cached
    scopes: list[Scope] = []
    for assignment in get_assignments(user).prefetch_related("regions", "scope_departments"):
        departments = {d.pk for d in assignment.scope_departments.all()}
        if assignment.department_id:
            departments.add(assignment.department_id)
        scopes.append(
            Scope(
                post=Post(assignment.post),
                region_ids=frozenset(r.pk for r in assignment.regions.all()),
                department_ids=frozenset(departments),
            )
        )
    user._cityloop_scopes = scopes
    return scopes


def _scope_q(scope: Scope, user: Any) -> Q | None:
    if scope.post == Post.HANDLER:
        return dispatched_to_q(set(scope.department_ids)) if scope.department_ids else None
    if scope.post not in REGION_SCOPED_POSTS:
        return None
    if scope.region_ids:
        condition = region_q(set(scope.region_ids))
    elif scope.post in CITY_WIDE_WHEN_UNSCOPED:
        condition = Q()
    else:
        condition = None
    if scope.post == Post.INSPECTOR:
        own = Q(reporter=user) | Q(assignee=user)
        condition = own if condition is None else condition | own
    return condition


def visibility_q(user: Any) -> Q | None:
    """The condition selecting every case the user may see, or None for none at all."""
    combined: Q | None = None
    for scope in get_scopes(user):
        condition = _scope_q(scope, user)
        if condition is None:
            continue
        if not condition:  # Q() — unrestricted
            return Q()
        combined = condition if combined is None else combined | condition
    return combined


def access_case(user: Any, case_id: int, *, for_update: bool = False) -> Case:
    """Fetch a case the user may see; anything else is "not found", whether absent or out of scope."""
    from cityloop.cases.models import Case

    case = (
        Case.objects.visible_to(user)
        .select_related("district", "category", "department", "command_center")
        .filter(pk=case_id)
        .first()
    )
    if case is None:
        raise NotFound("case_not_found", "案件不存在或不在您的权限范围内。")
    return case


def _scope_allows(scope: Scope, user: Any, case: Case, action: CaseAction) -> bool:
    if scope.post not in ACTION_POSTS[action]:
        return False
    if scope.post == Post.HANDLER:
        return case.department_id is not None and case.department_id in scope.department_ids
    if scope.post == Post.INSPECTOR and action in {A.REPLY_VERIFICATION, A.PASS_CHECK, A.FAIL_CHECK}:
        return case.assignee_id in (None, user.pk) and (
            case.assignee_id == user.pk or scope.covers_region_of(case)
        )
    if scope.post == Post.DISPATCHER and case.command_center_id is not None:
        # After a city center forwards a case, only the receiving center's dispatchers dispatch it.
        return case.command_center_id in scope.department_ids
    return scope.covers_region_of(case)


def posts_allowed(user: Any, case: Case | None, action: CaseAction) -> list[Post]:
    """The user's posts that may take ``action`` on ``case`` (scope included)."""
    if case is None:  # registering: any post that may register
        return [s.post for s in get_scopes(user) if s.post in ACTION_POSTS[action]]
    return [s.post for s in get_scopes(user) if _scope_allows(s, user, case, action)]


def check_action_allowed(user: Any, case: Case | None, action: CaseAction) -> Post:
    """The post through which the user takes ``action``; refuses with ``action_not_permitted``."""
    posts = posts_allowed(user, case, action)
    if not posts:
        raise DomainError(
            "action_not_permitted",
            f"您的岗位或权限范围不允许执行“{action.label}”。",
            http_status=403,
        )
    return posts[0]


def actions_for(user: Any, case: Case) -> list[CaseAction]:
    """Exactly the actions this user may take on this case now: the table ∩ posts ∩ scope."""
    status = case.status
    return [
        action
        for action in CaseAction
        if action != A.REGISTER
        and get_transition(status, action, case.pending_request) is not None
        and posts_allowed(user, case, action)
    ]
