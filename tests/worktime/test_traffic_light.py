"""Green, yellow (≤ share of the time left), red (past the deadline)."""

import pytest

from cityloop.catalog.models import TimeLimitUnit as U
from cityloop.worktime.deadlines import traffic_light, traffic_light_for_unit
from tests.worktime.conftest import at

START = at(2026, 11, 23, 8)  # Monday
DEADLINE = at(2026, 11, 24, 10)  # 10 working hours later


@pytest.mark.parametrize(
    ("now", "light"),
    [
        (at(2026, 11, 23, 10), "green"),  # 8 of 10 h left
        (at(2026, 11, 23, 17, 59), "green"),  # 2 h 1 min left: more than 20 %
        (at(2026, 11, 23, 18, 30), "yellow"),  # evening: the 2 h of Tuesday morning are exactly 20 %
        (at(2026, 11, 24, 8, 1), "yellow"),
        (at(2026, 11, 24, 10), "yellow"),  # at the deadline: still in time
        (at(2026, 11, 24, 10, 1), "red"),
    ],
)
def test_traffic_light__by_share_of_working_time_left(snapshot, now, light):
    assert traffic_light(now, START, DEADLINE, calendar=snapshot, yellow_share=0.2) == light


def test_traffic_light__yellow_share_defaults_to_the_setting(snapshot, settings):
    now = at(2026, 11, 23, 16)  # 4 of 10 h left
    settings.CITYLOOP_YELLOW_SHARE = 0.2
    assert traffic_light(now, START, DEADLINE, calendar=snapshot) == "green"
    settings.CITYLOOP_YELLOW_SHARE = 0.4
    assert traffic_light(now, START, DEADLINE, calendar=snapshot) == "yellow"


def test_traffic_light__natural_units_count_wall_clock_time(snapshot):
    start, deadline = at(2026, 11, 28, 8), at(2026, 11, 28, 18)  # a Saturday, 10 natural hours
    assert traffic_light_for_unit(at(2026, 11, 28, 15, 59), start, deadline, U.NATURAL_HOURS) == "green"
    assert (
        traffic_light_for_unit(at(2026, 11, 28, 16), start, deadline, U.NATURAL_HOURS, yellow_share=0.2)
        == "yellow"
    )
    assert traffic_light_for_unit(at(2026, 11, 28, 18, 1), start, deadline, U.NATURAL_HOURS) == "red"


def test_traffic_light_for_unit__work_units_use_the_calendar(snapshot):
    evening = at(2026, 11, 23, 18, 30)  # 2 of 10 working hours left, but 15.5 of 26 natural hours
    assert traffic_light_for_unit(evening, START, DEADLINE, U.WORK_HOURS, calendar=snapshot) == "yellow"
    assert traffic_light_for_unit(evening, START, DEADLINE, U.NATURAL_HOURS, calendar=snapshot) == "green"
