import pytest

from cityloop.core.clock import frozen_at
from tests.cases.world import MONDAY_9AM, LoopWorld, build_loop_world


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def monday_9am():
    with frozen_at(MONDAY_9AM):
        yield MONDAY_9AM


@pytest.fixture
def world(db, monday_9am) -> LoopWorld:
    return build_loop_world()
