"""Reactions to events of lower apps (connected in ParIndexConfig.ready)."""

from django.db.models import Q

from par_index.models import Framework
from wards.models import AdministrativeUnit


def on_report_approval_changed(sender, *, report, approved=True, **kwargs):
    """A report approved (or reopened) changes its province's year: mark it
    stale inside the approval's transaction, after rewriting the unit-year's
    yearly figures."""
    from par_index import yearly
    from par_index.recompute import mark_stale

    # The unit-year's roll-up first, in the same transaction as the mark: a
    # recompute that sees the mark sees the new figures.
    yearly.refresh(unit_id=report.unit_id, year=report.year)
    # The frameworks of the unit's parent or grandparent (its province), in one
    # query: the units above are read as subqueries, not loaded one by one.
    parent = AdministrativeUnit.objects.filter(pk=report.unit_id).values("parent_id")
    grandparent = AdministrativeUnit.objects.filter(pk__in=parent).values("parent_id")
    above = Q(province_id__in=parent) | Q(province_id__in=grandparent)
    for framework in Framework.objects.filter(above, year=report.year).order_by("pk").only("pk", "province_id"):
        mark_stale(framework=framework, reason=f"report {report.pk} {'approved' if approved else 'reopened'}")
