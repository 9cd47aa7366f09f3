import pytest
from django.contrib.auth.models import AnonymousUser

from cityloop.accounts.models import User
from cityloop.geo.models import Region
from cityloop.org.models import Post, PostAssignment
from cityloop.org.scopes import get_assignments, grid_in_scope, region_ids_in_scope, user_posts

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db) -> User:
    return User.objects.create_user(username="inspector1", full_name="张三")


def assign(user, post, regions=(), **fields) -> PostAssignment:
    assignment = PostAssignment.objects.create(user=user, post=post, **fields)
    assignment.regions.set(regions)
    return assignment


def test_get_assignments__only_active_ones(user):
    active = assign(user, Post.INSPECTOR)
    assign(user, Post.OPERATOR, is_active=False)

    assert list(get_assignments(user)) == [active]


def test_get_assignments__none_for_anonymous_and_inactive_users(user):
    assign(user, Post.INSPECTOR)
    user.is_active = False
    user.save()

    assert list(get_assignments(AnonymousUser())) == []
    assert list(get_assignments(user)) == []


def test_user_posts__set_of_posts(user):
    assign(user, Post.INSPECTOR)
    assign(user, Post.DISPATCHER)
    assign(user, Post.LEADER, is_active=False)

    assert user_posts(user) == {Post.INSPECTOR, Post.DISPATCHER}


def test_region_ids_in_scope__street_covers_its_communities(square_city, user):
    street = square_city.streets[0]
    assignment = assign(user, Post.INSPECTOR, [street])

    assert region_ids_in_scope(assignment) == {street.pk, square_city.communities[0].pk}


def test_region_ids_in_scope__city_covers_everything_below_in_one_query(
    square_city, user, django_assert_num_queries
):
    assignment = assign(user, Post.LEADER, [square_city.city])

    with django_assert_num_queries(1):
        ids = region_ids_in_scope(assignment)

    assert ids == set(Region.objects.values_list("pk", flat=True))


def test_region_ids_in_scope__empty_scope_covers_nothing(square_city, user):
    assert region_ids_in_scope(assign(user, Post.INSPECTOR)) == set()


def test_region_ids_in_scope__inactive_assignment_covers_nothing(square_city, user):
    assignment = assign(user, Post.INSPECTOR, [square_city.district], is_active=False)

    assert region_ids_in_scope(assignment) == set()


def test_grid_in_scope__inside_and_outside_street(square_city, user):
    assignment = assign(user, Post.INSPECTOR, [square_city.streets[0]])
    first_street_grid, second_street_grid = square_city.grids[0], square_city.grids[-1]

    assert grid_in_scope(assignment, first_street_grid) is True
    assert grid_in_scope(assignment, second_street_grid) is False


def test_grid_in_scope__district_scope_covers_all_grids(square_city, user):
    assignment = assign(user, Post.DISPATCHER, [square_city.district])

    assert all(grid_in_scope(assignment, grid) for grid in square_city.grids)
