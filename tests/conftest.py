import pytest

from tests.factories import SquareCity, build_square_city


@pytest.fixture
def square_city(db) -> SquareCity:
    """Two streets side by side, each one community of two stacked grids (2 × 2 squares)."""
    return build_square_city()
