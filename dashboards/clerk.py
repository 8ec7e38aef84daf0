"""The clerk's first page: the report to do next on top, then every quarter of
their ward(s) in the order they are worked through, and the recommendations
addressed to them. The supervision team's overview is elsewhere (home)."""

from django.shortcuts import render

from core.collation import sort_vi
from digital_metrics.reports.selectors import due_list, next_due
from supervision.selectors import open_recommendations
from wards.models import AdministrativeUnit


def clerk_home(request, access):
    units = sort_vi(AdministrativeUnit.objects.filter(pk__in=access.clerk_unit_ids).select_related("parent"))
    wards = []
    for unit in units:
        rows = due_list(unit=unit)
        wards.append({"unit": unit, "rows": rows, "next": next_due(rows)})
    return render(
        request,
        "dashboards/clerk_home.html",
        {
            "wards": wards,
            "open_recommendations": open_recommendations(user=request.user, unit_ids=[u.pk for u in units]),
            "nav": "home",
        },
    )
