import pytest

from cityloop.demo.build import build_demo

SEED = 11
GRIDS = 40
COMPONENTS = 600


@pytest.fixture
def demo(db):
    """A small demo city built in the test database."""
    return build_demo(SEED, grids=GRIDS, components=COMPONENTS)
