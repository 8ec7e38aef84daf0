"""The querysets of digital_metrics' models: whose reports a user may act on
(THE access entry point for reports) and which quarter locks close a unit.
"""

from django.db import models
from django.db.models import Q

from digital_metrics.choices import PENDING, ReportStatus
from wards.access import Do, access_for
from wards.models import AdministrativeUnit


class QuarterlyReportQuerySet(models.QuerySet):
    def for_period(self, year: int, quarter: int | None = None):
        qs = self.filter(year=year)
        return qs.filter(quarter=quarter) if quarter else qs

    def for_user(self, user, action: str = "view"):
        """The reports ``user`` may act on: THE access entry point for reports.

        ``view``: approved reports of every unit; submitted and returned ones
        of the units whose pending figures the user reads (its ward, its
        reviewers); drafts of the units whose drafts the user reads (its ward).
        ``change``: reports of the units whose figures the user writes.
        ``manage``: reports of the units whose reports the user reviews.
        Whether a report can change now (status, lock) is said by
        digital_metrics.reports.state; this only says whose reports they are.
        """
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        if access.is_superuser:
            return self.all()
        if action == "view":
            return self.filter(
                Q(status=ReportStatus.APPROVED)
                | Q(unit_id__in=access.unit_ids(Do.READ_DRAFTS))
                | Q(status__in=PENDING, unit_id__in=access.unit_ids(Do.READ_PENDING))
            )
        if action == "change":
            return self.filter(unit_id__in=access.unit_ids(Do.WRITE_FIGURES))
        if action == "manage":
            return self.filter(unit_id__in=access.unit_ids(Do.REVIEW))
        raise ValueError(f"unknown action {action!r}")


class PeriodLockQuerySet(models.QuerySet):
    def covering(self, unit_id: int):
        """The locks that close ``unit_id``'s quarters: those of the bodies above it (and old locks of no body)."""
        # The unit, its parent and its grandparent through the primary key, not by
        # joining the units table to itself twice (a hash join over every unit).
        parent = AdministrativeUnit.objects.filter(pk=unit_id).values("parent_id")
        grandparent = AdministrativeUnit.objects.filter(pk__in=parent).values("parent_id")
        return self.filter(
            Q(body__unit_id=unit_id)
            | Q(body__unit_id__in=parent)
            | Q(body__unit_id__in=grandparent)
            | Q(body__isnull=True)
        )
