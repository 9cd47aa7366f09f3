"""Every refusal leaves the case exactly as it was: same version, no new event."""

import pytest

from cityloop.cases import workflow as wf
from cityloop.cases.models import Case, CaseEvent
from cityloop.cases.states import CaseStatus
from cityloop.core.errors import DomainError
from tests.cases.world import photo

S = CaseStatus


def _refused(case, call, code):
    version, events = case.version, CaseEvent.objects.filter(case=case).count()
    with pytest.raises(DomainError) as error:
        call(Case.objects.get(pk=case.pk))
    assert error.value.code == code
    assert Case.objects.get(pk=case.pk).version == version
    assert CaseEvent.objects.filter(case=case).count() == events


def test_feedback_needs_after_photos_and_a_note(world):
    case = world.case_in(S.HANDLING)
    handler = world.user("handler")
    _refused(case, lambda c: wf.submit_feedback(handler, c, note="已处理", photos=[]), "after_photo_required")
    _refused(case, lambda c: wf.submit_feedback(handler, c, note=" ", photos=[photo()]), "note_required")


@pytest.mark.parametrize(
    ("status", "user", "call"),
    [
        (S.PENDING_ACCEPTANCE, "operator", lambda u, c: wf.refuse_acceptance(u, c, note="")),
        (S.PENDING_FILING, "shift_leader", lambda u, c: wf.refuse_filing(u, c, note="")),
        (S.PENDING_FILING, "shift_leader", lambda u, c: wf.return_to_intake(u, c, note="")),
        (S.HANDLING, "handler", lambda u, c: wf.request_return(u, c, note="")),
        (S.HANDLING, "handler", lambda u, c: wf.request_suspension(u, c, note="")),
        (S.HANDLING, "handler", lambda u, c: wf.request_void(u, c, note="")),
        (S.HANDLING, "leader", lambda u, c: wf.urge_case(u, c, note="")),
        (S.CHECKING, "inspector", lambda u, c: wf.fail_check(u, c, note="")),
        (S.PENDING_CLOSE, "shift_leader", lambda u, c: wf.reject_close(u, c, note="")),
        (S.VERIFYING, "inspector", lambda u, c: wf.reply_verification(u, c, confirmed=False, note="")),
    ],
)
def test_refusing_or_asking_needs_a_reason(world, status, user, call):
    case = world.case_in(status)
    _refused(case, lambda c: call(world.user(user), c), "note_required")


def test_dispatch_guards(world):
    case = world.case_in(S.PENDING_DISPATCH)
    dispatcher = world.user("dispatcher")
    world.municipal.is_active = False
    world.municipal.save()
    _refused(
        case, lambda c: wf.dispatch_case(dispatcher, c, department=world.municipal), "department_inactive"
    )
    _refused(case, lambda c: wf.forward_case(dispatcher, c, center=world.sanitation), "not_a_command_center")
    wf.forward_case(world.user("city_dispatcher"), case, center=world.district_center)
    _refused(
        case,
        lambda c: wf.forward_case(dispatcher, c, center=world.district_center),
        "already_at_command_center",
    )


def test_merge_guards(world):
    from cityloop.catalog.models import Category

    original = world.report()
    closed = world.case_in(S.CLOSED)
    other = Category.objects.create(
        scheme=world.category.scheme,
        kind="event",
        major=world.category.major,
        code="06009",
        minor_code="009",
        name="其他",
    )
    duplicate = world.report(category=other)
    operator = world.user("operator")
    _refused(duplicate, lambda c: wf.merge_duplicate(operator, c, original=closed), "merge_target_closed")
    _refused(
        duplicate, lambda c: wf.merge_duplicate(operator, c, original=original), "merge_category_mismatch"
    )


def test_assignee_must_be_an_inspector(world):
    case = world.report()
    operator = world.user("operator")
    _refused(
        case,
        lambda c: wf.send_for_verification(operator, c, inspector=world.user("handler")),
        "assignee_not_inspector",
    )


def test_only_inspectors_report_self_handled_cases(world):
    with pytest.raises(DomainError) as error:
        world.report(by="operator", self_handled=True)
    assert error.value.code == "self_handling_not_permitted"


def test_linked_component_must_match_the_category(world):
    from cityloop.assets.models import Component
    from cityloop.catalog.models import Category, CategoryKind, MajorCategory

    major = MajorCategory.objects.create(
        scheme=world.category.scheme, kind=CategoryKind.COMPONENT, code="01", name="市政公用设施"
    )
    cover = Category.objects.create(
        scheme=world.category.scheme,
        kind=CategoryKind.COMPONENT,
        major=major,
        code="01001",
        minor_code="001",
        name="供水井盖",
    )
    Component.objects.create(
        identifier="33010601001000001", category=cover, lon=120.005, lat=30.005, grid=world.city.grids[0]
    )
    with pytest.raises(DomainError) as error:
        world.report(component_identifier="33010601001000001")
    assert error.value.code == "component_category_mismatch"
