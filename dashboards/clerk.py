"""The clerk's first page: the report to do next on top, then every quarter of
their ward(s) in the order they are worked through, and the recommendations
addressed to them. The supervision team's overview is elsewhere (home)."""

from django.shortcuts import render

from core.collation import sort_vi
from digital_metrics.reports.selectors import due_lists, next_due
from supervision.selectors import open_recommendations
from wards.models import AdministrativeUnit


def clerk_home(request, access):
    units = sort_vi(AdministrativeUnit.objects.filter(pk__in=access.clerk_unit_ids).select_related("parent"))
    due = due_lists(units=units)  # a fixed number of queries, however many wards
    wards = [
        {
            "unit": u,
            "rows": due[u.pk],
            "next": next_due(due[u.pk]),
            "remaining": sum(1 for r in due[u.pk] if r.is_returned or r.is_due),
        }
        for u in units
    ]
    return render(
        request,
        "dashboards/clerk_home.html",
        {
            "wards": wards,
            "open_recommendations": open_recommendations(user=request.user, unit_ids=[u.pk for u in units]),
            "nav": "home",
        },
    )
