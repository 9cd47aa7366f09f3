"""Case querysets that read like the domain, including the one visibility seam."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from cityloop.cases.states import CaseStatus

if TYPE_CHECKING:
    from cityloop.cases.models import Case  # noqa: F401


class CaseQuerySet(models.QuerySet["Case"]):
    def overdue(self, now: datetime | None = None) -> CaseQuerySet:
        """Red: being handled (or waiting for it) past the deadline in force."""
        return self.filter(status=CaseStatus.HANDLING, deadline__lt=now or timezone.now())

    def nearly_overdue(self, now: datetime | None = None) -> CaseQuerySet:
        """Yellow: being handled, past the yellow mark but not yet the deadline."""
        moment = now or timezone.now()
        return self.filter(status=CaseStatus.HANDLING, yellow_at__lte=moment, deadline__gte=moment)

    def on_time(self, now: datetime | None = None) -> CaseQuerySet:
        """Green: being handled and before the yellow mark."""
        return self.filter(status=CaseStatus.HANDLING, yellow_at__gt=now or timezone.now())

    def in_region_ids(self, region_ids: set[int]) -> CaseQuerySet:
        return self.filter(region_q(region_ids))

    def visible_to(self, user: Any) -> CaseQuerySet:
        """The one permission seam for reading cases: only what the user's posts and scopes cover.

        Pages, API and exports start every case query here, so what a user may not see is simply
        not found.
        """
        from cityloop.cases.access import visibility_q

        if not getattr(user, "is_authenticated", False):
            return self.none()
        condition = visibility_q(user)
        return self.filter(condition) if condition is not None else self.none()


def region_q(region_ids: set[int]) -> Q:
    """Cases inside any of these regions, whatever their level (city, district, street, community)."""
    return (
        Q(district_id__in=region_ids)
        | Q(street_id__in=region_ids)
        | Q(community_id__in=region_ids)
        | Q(district__parent_id__in=region_ids)
    )


def dispatched_to_q(department_ids: set[int]) -> Q:
    """Cases currently with, or ever dispatched to, one of these departments."""
    from cityloop.cases.models import CaseEvent
    from cityloop.cases.states import CaseAction

    ever = CaseEvent.objects.filter(
        case_id=OuterRef("pk"), action=CaseAction.DISPATCH, department_id__in=department_ids
    )
    return Q(department_id__in=department_ids) | Q(Exists(ever))
