"""The permission seam as a matrix: every (post, action) pair, plus scope and visibility."""

import pytest

from cityloop.cases import workflow as wf
from cityloop.cases.access import ACTION_POSTS, access_case, actions_for, posts_allowed
from cityloop.cases.models import Case
from cityloop.cases.states import TRANSITIONS, CaseAction, CaseStatus
from cityloop.core.errors import DomainError, NotFound
from cityloop.org.models import Post, PostAssignment
from tests.cases.world import IN_STREET_2

USER_FOR_POST = {
    Post.INSPECTOR: "inspector",
    Post.OPERATOR: "operator",
    Post.SHIFT_LEADER: "shift_leader",
    Post.DISPATCHER: "dispatcher",
    Post.HANDLER: "handler",
    Post.LEADER: "leader",
    Post.SYSTEM_ADMIN: "system_admin",
}


def _a_state_allowing(action: CaseAction):
    """The first (status, pending request) from which the table allows ``action``."""
    for (status, table_action), transition in TRANSITIONS.items():
        if table_action == action and status is not None:
            return status, transition.needs
    raise AssertionError(action)


@pytest.mark.parametrize("action", [a for a in CaseAction if a != CaseAction.REGISTER])
def test_permission_matrix__only_the_posts_of_the_table_may_act(world, action):
    # given a case in scope of every test user, in a state where the table allows the action
    case = world.case_in(CaseStatus.HANDLING)
    case.status, case.pending_request = _a_state_allowing(action)
    for post, key in USER_FOR_POST.items():
        # when we ask the seam
        allowed = bool(posts_allowed(world.user(key), case, action))
        # then exactly the posts named for the action may take it
        assert allowed == (post in ACTION_POSTS[action]), (post, action)


def test_permission_matrix__register(world):
    for post, key in USER_FOR_POST.items():
        assert bool(posts_allowed(world.user(key), None, CaseAction.REGISTER)) == (
            post in ACTION_POSTS[CaseAction.REGISTER]
        )


def test_scope__operator_of_another_street_can_neither_see_nor_act(world):
    case = world.report()  # street 1
    outsider = world.user("street_2_operator")
    assert not Case.objects.visible_to(outsider).filter(pk=case.pk).exists()
    with pytest.raises(NotFound):
        access_case(outsider, case.pk)
    with pytest.raises(DomainError) as error:
        wf.accept_case(outsider, case)
    assert error.value.code == "action_not_permitted" and error.value.http_status == 403
    assert case.events.count() == 1


def test_scope__department_sees_only_cases_dispatched_to_it(world):
    mine = world.case_in(CaseStatus.HANDLING)
    not_yet = world.case_in(CaseStatus.PENDING_DISPATCH)
    visible = set(Case.objects.visible_to(world.user("handler")).values_list("pk", flat=True))
    assert visible == {mine.pk}
    assert not Case.objects.visible_to(world.user("handler_2")).exists()
    with pytest.raises(DomainError):
        wf.submit_feedback(world.user("handler_2"), mine, note="x", photos=[])
    assert not_yet.pk not in visible


def test_scope__department_keeps_seeing_a_case_it_returned(world):
    case = world.case_in(CaseStatus.HANDLING)
    wf.request_return(world.user("handler"), case, note="不属于本部门")
    wf.approve_return(world.user("dispatcher"), case)
    assert Case.objects.visible_to(world.user("handler")).filter(pk=case.pk).exists()
    assert "feedback" not in actions_for(world.user("handler"), case)


def test_scope__inspector_sees_own_area_own_reports_and_tasks(world):
    in_1 = world.report()
    in_2 = world.report(by="inspector_2", at=IN_STREET_2)
    first = set(Case.objects.visible_to(world.user("inspector")).values_list("pk", flat=True))
    assert first == {in_1.pk}
    wf.send_for_verification(world.user("operator"), in_2, inspector=world.user("inspector"))
    assert Case.objects.visible_to(world.user("inspector")).filter(pk=in_2.pk).exists()


def test_visibility__leader_sees_all_admins_see_no_cases(world):
    world.report()
    world.report(by="inspector_2", at=IN_STREET_2)
    assert Case.objects.visible_to(world.user("leader")).count() == 2
    assert Case.objects.visible_to(world.user("system_admin")).count() == 0


def test_visibility__inactive_assignment_and_anonymous_see_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    world.report()
    PostAssignment.objects.filter(user=world.user("operator")).update(is_active=False)
    operator = type(world.user("operator")).objects.get(pk=world.user("operator").pk)
    assert Case.objects.visible_to(operator).count() == 0
    assert Case.objects.visible_to(AnonymousUser()).count() == 0


def test_actions_for__buttons_follow_table_posts_and_scope(world):
    case = world.case_in(CaseStatus.HANDLING)
    assert actions_for(world.user("handler"), case) == [
        CaseAction.FEEDBACK,
        CaseAction.REQUEST_RETURN,
        CaseAction.REQUEST_EXTENSION,
        CaseAction.REQUEST_SUSPENSION,
        CaseAction.REQUEST_VOID,
    ]
    assert actions_for(world.user("leader"), case) == [CaseAction.URGE]
    assert actions_for(world.user("handler_2"), case) == []
