import pytest

from cityloop.catalog.models import FilingCondition, TimeLimitUnit
from cityloop.geo.models import Grid
from cityloop.org.models import Department, Responsibility
from cityloop.org.responsibility import (
    GRID_ANCESTRY,
    get_responsible_department,
    grid_ancestor_region_ids,
    suggest_department,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def matrix(square_city, category, make_department):
    """A full ladder for the first grid: one line per level, each naming its own department."""
    grid = square_city.grids[0]
    community = grid.community
    street = community.parent
    places = {
        "grid": {"grid": grid},
        "community": {"region": community},
        "street": {"region": street},
        "district": {"region": square_city.district},
        "city": {"region": square_city.city},
        "catch_all": {},
    }
    lines = {}
    for level, place in places.items():
        lines[level] = Responsibility.objects.create(
            category=category, department=make_department(level), **place
        )
    return lines


def name_of(department: Department | None) -> str | None:
    return department.name if department is not None else None


def loaded(grid: Grid) -> Grid:
    return Grid.objects.select_related(GRID_ANCESTRY).get(pk=grid.pk)


LADDER = ["grid", "community", "street", "district", "city", "catch_all"]


@pytest.mark.parametrize("removed", range(len(LADDER)))
def test_get_responsible_department__most_specific_remaining_line_wins(
    square_city, category, matrix, removed
):
    # Remove the lines more specific than `removed`: the line at `removed` must answer.
    for level in LADDER[:removed]:
        matrix[level].delete()

    department = get_responsible_department(category, loaded(square_city.grids[0]))

    assert department == matrix[LADDER[removed]].department


def test_get_responsible_department__grid_rule_beats_street_rule(square_city, category, matrix):
    assert name_of(get_responsible_department(category, square_city.grids[0])) == "grid"


def test_get_responsible_department__other_grid_uses_its_own_ancestors(square_city, category, matrix):
    other_street_grid = square_city.grids[-1]  # second street, so only district/city/catch-all match

    assert name_of(get_responsible_department(category, loaded(other_street_grid))) == "district"


def test_get_responsible_department__skips_inactive_department(square_city, category, matrix):
    grid_department = matrix["grid"].department
    grid_department.is_active = False
    grid_department.save()

    assert name_of(get_responsible_department(category, loaded(square_city.grids[0]))) == "community"


def test_get_responsible_department__none_when_no_line(square_city, category):
    assert get_responsible_department(category, square_city.grids[0]) is None


def test_get_responsible_department__without_grid_uses_catch_all(category, matrix):
    assert name_of(get_responsible_department(category, None)) == "catch_all"


def test_get_responsible_department__other_category_lines_do_not_match(
    square_city, category, matrix, make_department
):
    other = type(category).objects.create(
        scheme=category.scheme,
        kind=category.kind,
        major=category.major,
        code="06011",
        minor_code="011",
        name="积存垃圾",
    )

    assert get_responsible_department(other, square_city.grids[0]) is None


def test_get_responsible_department__one_query_with_loaded_ancestry(
    square_city, category, matrix, django_assert_num_queries
):
    grid = loaded(square_city.grids[0])

    with django_assert_num_queries(1):
        department = get_responsible_department(category, grid)

    assert name_of(department) == "grid"


def test_get_responsible_department__plain_grid_costs_one_more_query(
    square_city, category, matrix, django_assert_num_queries
):
    grid = Grid.objects.get(pk=square_city.grids[0].pk)

    with django_assert_num_queries(2):
        get_responsible_department(category, grid)


def test_grid_ancestor_region_ids__nearest_first(square_city):
    grid = square_city.grids[0]
    community = grid.community

    assert grid_ancestor_region_ids(grid) == [
        community.pk,
        community.parent_id,
        square_city.district.pk,
        square_city.city.pk,
    ]
    assert grid_ancestor_region_ids(loaded(grid)) == grid_ancestor_region_ids(grid)


def make_condition(category, department=None) -> FilingCondition:
    return FilingCondition.objects.create(
        category=category,
        description="公共区域有暴露垃圾",
        time_limit_value=4,
        time_limit_unit=TimeLimitUnit.WORK_HOURS,
        closing_condition="彻底清理",
        default_department=department,
    )


def test_suggest_department__matrix_beats_filing_condition_default(
    square_city, category, matrix, make_department
):
    condition = make_condition(category, make_department("默认部门"))

    assert name_of(suggest_department(category, square_city.grids[0], condition)) == "grid"


def test_suggest_department__falls_back_to_filing_condition_default(square_city, category, make_department):
    default = make_department("默认部门")
    condition = make_condition(category, default)

    assert suggest_department(category, square_city.grids[0], condition) == default
    assert suggest_department(category, square_city.grids[0]) is None


def test_suggest_department__never_suggests_inactive_default(square_city, category, make_department):
    condition = make_condition(category, make_department("已撤销部门", is_active=False))

    assert suggest_department(category, square_city.grids[0], condition) is None
