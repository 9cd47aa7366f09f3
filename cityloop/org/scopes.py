"""Read helpers for who holds which post where; the workflow's permission checks build on these.

A scope's regions cover everything below them: a street in scope covers its communities and their
grids. An assignment with no regions covers no region (DESIGN: "no regions" is never "everywhere").
Inactive users and inactive assignments hold nothing.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from cityloop.geo.models import Grid, Region
from cityloop.org.models import Post, PostAssignment

# City → district → street → community: a region's descendants are at most this many levels down.
MAX_REGION_DEPTH = 3


def get_assignments(user: Any) -> QuerySet[PostAssignment]:
    """The active post assignments of ``user`` (none for anonymous or inactive users)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return PostAssignment.objects.none()
    return PostAssignment.objects.filter(user=user, is_active=True).select_related("department")


def user_posts(user: Any) -> set[Post]:
    """The posts ``user`` currently holds."""
    return {Post(post) for post in get_assignments(user).values_list("post", flat=True)}


def region_ids_in_scope(assignment: PostAssignment) -> set[int]:
    """Ids of the assignment's scope regions and of every region below them, in one query."""
    if not assignment.is_active:
        return set()
    scope = assignment.regions.values("pk")
    covered = Q(pk__in=scope)
    path = "parent"
    for _level in range(MAX_REGION_DEPTH):
        covered |= Q(**{f"{path}__in": scope})
        path = f"parent__{path}"
    return set(Region.objects.filter(covered).values_list("pk", flat=True))


def grid_in_scope(assignment: PostAssignment, grid: Grid) -> bool:
    """Whether ``grid`` lies inside the assignment's regions (its community or any region above)."""
    return grid.community_id in region_ids_in_scope(assignment)
