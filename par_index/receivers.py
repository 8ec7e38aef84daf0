"""Reactions to events of lower apps (connected in ParIndexConfig.ready)."""

from par_index.models import Framework


def on_report_approval_changed(sender, *, report, approved=True, **kwargs):
    """A report approved (or reopened) changes its province's year: mark it
    stale inside the approval's transaction, after rewriting the unit-year's
    yearly figures."""
    from par_index import yearly
    from par_index.recompute import mark_stale

    # The unit-year's roll-up first, in the same transaction as the mark: a
    # recompute that sees the mark sees the new figures.
    yearly.refresh(unit_id=report.unit_id, year=report.year)
    unit = report.unit
    ancestors = [p for p in (unit.parent, unit.parent.parent if unit.parent else None) if p is not None]
    for framework in Framework.objects.filter(province__in=ancestors, year=report.year).only("pk"):
        mark_stale(framework=framework, reason=f"report {report.pk} {'approved' if approved else 'reopened'}")
