"""The closed loop end to end, and what each step records."""

import datetime as dt

import pytest

from cityloop.cases import workflow as wf
from cityloop.cases.models import AttachmentKind, Case, CaseEvent
from cityloop.cases.replay import replay
from cityloop.cases.states import CaseAction, CaseStatus, VoidKind
from cityloop.core.clock import frozen_at
from cityloop.core.errors import Conflict, DomainError
from tests.cases.world import IN_STREET_2, SHANGHAI, photo

S = CaseStatus


def test_full_loop__report_to_close_records_one_event_per_step(world):
    # given an inspector's report
    u = world.users
    case = world.report()
    assert case.status == S.PENDING_ACCEPTANCE
    assert case.number.startswith("20261123") and len(case.number) == 14
    assert (case.grid.code, case.street_id, case.district_id) == (
        world.city.grids[0].code,
        world.city.streets[0].pk,
        world.city.district.pk,
    )
    # when it runs the loop
    wf.accept_case(u["operator"], case)
    wf.file_case(u["shift_leader"], case, filing_condition=world.standard)
    wf.dispatch_case(u["dispatcher"], case)
    wf.submit_feedback(u["handler"], case, note="已清理", photos=[photo("after.jpg")])
    wf.send_for_check(u["operator"], case)
    wf.pass_check(u["inspector"], case)
    wf.close_case(u["shift_leader"], case)
    # then
    case.refresh_from_db()
    assert case.status == S.CLOSED and case.closed_at is not None
    assert case.department == world.sanitation
    actions = list(case.events.values_list("action", flat=True))
    assert actions == [
        "register",
        "accept",
        "file",
        "dispatch",
        "feedback",
        "send_for_check",
        "pass_check",
        "close",
    ]
    assert list(case.events.values_list("sequence", flat=True)) == list(range(1, 9))
    assert case.version == 8
    assert replay(case.events.all()).status == case.status
    kinds = sorted(case.attachments.values_list("kind", flat=True))
    assert kinds == [AttachmentKind.AFTER, AttachmentKind.BEFORE]


def test_dispatch__uses_matrix_suggestion_and_starts_the_clock(world):
    case = world.case_in(S.PENDING_DISPATCH)
    wf.dispatch_case(world.user("dispatcher"), case)
    case.refresh_from_db()
    assert case.department == world.sanitation
    # 09:00 + 4 working hours = 09:00–12:00 (3 h) + 14:00–15:00
    assert case.deadline == dt.datetime(2026, 11, 23, 15, 0, tzinfo=SHANGHAI)
    assert case.handling_started_at == dt.datetime(2026, 11, 23, 9, 0, tzinfo=SHANGHAI)
    event = case.events.get(action=CaseAction.DISPATCH)
    assert event.data == {"suggested_department": world.sanitation.pk, "overridden": False}
    assert event.deadline_before is None and event.deadline_after == case.deadline


def test_dispatch__override_is_recorded(world):
    case = world.case_in(S.PENDING_DISPATCH)
    wf.dispatch_case(world.user("dispatcher"), case, department=world.municipal)
    event = case.events.get(action=CaseAction.DISPATCH)
    assert event.data["overridden"] is True and event.department == world.municipal


def test_dispatch__refuses_command_center_and_without_matrix_row(world):
    case = world.case_in(S.PENDING_DISPATCH)
    with pytest.raises(DomainError) as error:
        wf.dispatch_case(world.user("dispatcher"), case, department=world.district_center)
    assert error.value.code == "department_is_command_center"
    world.category.responsibilities.all().delete()
    with pytest.raises(DomainError) as error:
        wf.dispatch_case(world.user("dispatcher"), case)
    assert error.value.code == "department_required"
    assert Case.objects.get(pk=case.pk).status == S.PENDING_DISPATCH


def test_two_level_command__city_forwards_then_only_district_dispatches(world):
    case = world.case_in(S.PENDING_DISPATCH)
    wf.forward_case(world.user("city_dispatcher"), case, center=world.district_center)
    assert case.command_center == world.district_center
    with pytest.raises(DomainError) as error:
        wf.dispatch_case(world.user("city_dispatcher"), case)
    assert error.value.code == "action_not_permitted"
    wf.dispatch_case(world.user("dispatcher"), case)
    assert case.status == S.HANDLING


def test_urgent_filing_condition__natural_hours_ignore_lunch(world):
    case = world.case_in(S.PENDING_FILING)
    wf.file_case(world.user("shift_leader"), case, filing_condition=world.urgent_standard)
    with frozen_at(dt.datetime(2026, 11, 23, 11, 30, tzinfo=SHANGHAI)):
        wf.dispatch_case(world.user("dispatcher"), case)
    assert case.urgency == "urgent"
    assert case.deadline == dt.datetime(2026, 11, 23, 13, 30, tzinfo=SHANGHAI)


def test_file__refuses_filing_condition_of_another_category(world):
    case = world.case_in(S.PENDING_FILING)
    other = world.standard
    other.is_active = False
    other.save()
    with pytest.raises(DomainError) as error:
        wf.file_case(world.user("shift_leader"), case, filing_condition=other)
    assert error.value.code == "filing_condition_mismatch"
    assert case.events.count() == 2


def test_verification__inspector_reply_returns_to_intake(world):
    case = world.report(by="operator", source="citizen", photos=[])
    wf.send_for_verification(world.user("operator"), case, inspector=world.user("inspector"))
    assert case.status == S.VERIFYING and case.assignee == world.user("inspector")
    with pytest.raises(DomainError) as error:
        wf.reply_verification(world.user("inspector_2"), case, confirmed=True)
    assert error.value.code == "action_not_permitted"
    wf.reply_verification(world.user("inspector"), case, confirmed=False, note="现场无此问题")
    assert case.status == S.PENDING_ACCEPTANCE and case.assignee is None
    wf.refuse_acceptance(world.user("operator"), case, note="核实不存在")
    assert (case.status, case.void_kind) == (S.VOIDED, VoidKind.NOT_ACCEPTED)


def test_voids__counted_by_stage(world):
    u = world.users
    at_filing = world.case_in(S.PENDING_FILING)
    wf.refuse_filing(u["shift_leader"], at_filing, note="不属于城管职责")
    later = world.case_in(S.HANDLING)
    wf.request_void(u["handler"], later, note="重复立案")
    wf.approve_void(u["shift_leader"], later)
    assert (at_filing.void_kind, later.void_kind) == (VoidKind.NOT_FILED, VoidKind.VOIDED)
    assert later.status == S.VOIDED and later.pending_request == ""


def test_refused_void__keeps_state_and_clears_request(world):
    case = world.case_in(S.HANDLING)
    wf.request_void(world.user("handler"), case, note="误报")
    wf.refuse_void(world.user("shift_leader"), case, note="确有问题")
    assert (case.status, case.pending_request) == (S.HANDLING, "")


def test_return__approved_goes_back_to_dispatch_refused_stays(world):
    u = world.users
    case = world.case_in(S.HANDLING)
    wf.request_return(u["handler"], case, note="不属于本部门")
    with pytest.raises(Conflict) as error:
        wf.submit_feedback(u["handler"], case, note="x", photos=[photo()])
    assert error.value.code == "transition_not_allowed"
    wf.refuse_return(u["dispatcher"], case, note="属于环卫职责")
    assert (case.status, case.department) == (S.HANDLING, world.sanitation)
    wf.request_return(u["handler"], case, note="确实不属于")
    wf.approve_return(u["dispatcher"], case)
    assert (case.status, case.department, case.deadline) == (S.PENDING_DISPATCH, None, None)
    wf.dispatch_case(u["dispatcher"], case, department=world.municipal)
    assert case.department == world.municipal


def test_extension__approved_hours_move_the_deadline(world):
    u = world.users
    case = world.case_in(S.HANDLING)  # deadline Monday 15:00
    wf.request_extension(u["handler"], case, hours=2, note="需要调车")
    wf.approve_extension(u["shift_leader"], case)
    assert case.deadline == dt.datetime(2026, 11, 23, 17, 0, tzinfo=SHANGHAI)
    event = case.events.get(action=CaseAction.APPROVE_EXTENSION)
    assert event.deadline_before == dt.datetime(2026, 11, 23, 15, 0, tzinfo=SHANGHAI)
    assert event.data == {"hours": 2}


def test_extension__refused_and_bad_hours(world):
    u = world.users
    case = world.case_in(S.HANDLING)
    for hours in (0, -3, 721):
        with pytest.raises(DomainError) as error:
            wf.request_extension(u["handler"], case, hours=hours, note="x")
        assert error.value.code == "extension_hours_invalid"
    wf.request_extension(u["handler"], case, hours=4, note="x")
    with pytest.raises(DomainError) as error:
        wf.approve_extension(u["dispatcher"], case, hours=5)
    assert error.value.code == "extension_hours_invalid"
    wf.refuse_extension(u["dispatcher"], case, note="可以按时完成")
    assert case.deadline == dt.datetime(2026, 11, 23, 15, 0, tzinfo=SHANGHAI)


def test_suspension__working_time_suspended_is_not_counted(world):
    u = world.users
    case = world.case_in(S.HANDLING)  # deadline Monday 15:00
    with frozen_at(dt.datetime(2026, 11, 23, 10, 0, tzinfo=SHANGHAI)):
        wf.request_suspension(u["handler"], case, note="等待管线单位")
        wf.approve_suspension(u["dispatcher"], case)
    assert case.status == S.SUSPENDED
    # suspended Monday 10:00 → Tuesday 10:00 = 480 working minutes (a full working day)
    with frozen_at(dt.datetime(2026, 11, 24, 10, 0, tzinfo=SHANGHAI)):
        wf.resume_case(u["dispatcher"], case)
    assert case.status == S.HANDLING
    assert case.deadline == dt.datetime(2026, 11, 24, 15, 0, tzinfo=SHANGHAI)


def test_rework__failed_check_goes_back_to_same_department_with_fresh_limit(world):
    u = world.users
    case = world.case_in(S.CHECKING)
    with frozen_at(dt.datetime(2026, 11, 24, 9, 0, tzinfo=SHANGHAI)):
        wf.fail_check(u["inspector"], case, note="仍有垃圾")
    assert (case.status, case.department, case.rework_count) == (S.HANDLING, world.sanitation, 1)
    assert case.deadline == dt.datetime(2026, 11, 24, 15, 0, tzinfo=SHANGHAI)
    wf.submit_feedback(u["handler"], case, note="再次清理", photos=[photo()])
    wf.send_for_check(u["operator"], case)
    wf.pass_check(u["inspector"], case)
    wf.reject_close(u["shift_leader"], case, note="照片不清楚")
    assert (case.status, case.rework_count) == (S.HANDLING, 2)


def test_self_handled__closed_on_confirmation_and_only_for_self_handled(world):
    case = world.report(self_handled=True)
    wf.confirm_self_handled(world.user("operator"), case)
    assert case.status == S.CLOSED and case.self_handled
    normal = world.report()
    with pytest.raises(DomainError) as error:
        wf.confirm_self_handled(world.user("operator"), normal)
    assert error.value.code == "not_self_handled"


def test_urge__counts_and_keeps_state(world):
    case = world.case_in(S.HANDLING)
    wf.urge_case(world.user("leader"), case, note="尽快处理")
    wf.urge_case(world.user("shift_leader"), case, note="再次督办")
    assert (case.status, case.urge_count) == (S.HANDLING, 2)


def test_closed_case__refuses_every_action(world):
    case = world.case_in(S.CLOSED)
    with pytest.raises(Conflict) as error:
        wf.urge_case(world.user("leader"), case, note="x")
    assert error.value.code == "transition_not_allowed"
    assert CaseEvent.objects.filter(case=case).count() == case.version


def test_register__refusals_write_nothing(world):
    count = Case.objects.count()
    cases = [
        ({"photos": []}, "photo_required"),
        ({"description": "  "}, "description_required"),
        ({"at": (121.5, 31.2)}, "point_outside_grids"),
        ({"component_identifier": "33010606001000001"}, "component_unknown"),
    ]
    for extra, code in cases:
        with pytest.raises(DomainError) as error:
            world.report(**extra)
        assert error.value.code == code, extra
    world.category.is_active = False
    world.category.save()
    with pytest.raises(DomainError) as error:
        world.report()
    assert error.value.code == "category_inactive"
    assert Case.objects.count() == count and CaseEvent.objects.count() == 0


def test_register__unattended_channel_without_user(world):
    case = world.report(by="", source="citizen", photos=[], at=IN_STREET_2, reporter_phone="13800138000")
    assert case.reporter is None and case.street == world.city.streets[1]
    with pytest.raises(DomainError) as error:
        world.report(by="", source="inspector")
    assert error.value.code == "actor_required"


def test_register__gcj02_input_is_converted(world):
    from cityloop.geo.coords import from_wgs84

    lon, lat = from_wgs84(*IN_STREET_2, "gcj02")
    case = world.report(at=(lon, lat), coordinate_system="gcj02")
    assert abs(case.lon - IN_STREET_2[0]) < 1e-6 and abs(case.lat - IN_STREET_2[1]) < 1e-6


def test_case_numbers__unique_and_sortable_within_a_day(world):
    numbers = [world.report().number for _ in range(3)]
    assert numbers == sorted(numbers) and len(set(numbers)) == 3
    assert numbers[-1].endswith("000003")
