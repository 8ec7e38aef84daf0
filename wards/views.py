from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import render

from core.collation import sort_vi
from core.dates import parse_day
from wards.choices import Level
from wards.models import AdministrativeUnit
from wards.selectors import ancestors, history_label, predecessors, successors, today, unit_by_code


@login_required
def unit_list(request):
    on = parse_day(request.GET.get("on"))
    level = request.GET.get("level") or ""
    query = (request.GET.get("q") or "").strip()
    units = AdministrativeUnit.objects.select_related("parent", "parent__parent")
    if on:
        units = units.valid_on(on)
    if level in Level.values:
        units = units.filter(level=level)
    if query:
        units = units.filter(Q(name__icontains=query) | Q(code=query))
    # The official code order is the order of the published lists.
    page = Paginator(units.order_by("code", "valid_from"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "wards/unit_list.html",
        {
            "page": page,
            "levels": Level.choices,
            "level": level,
            "q": query,
            "on": on,
            "on_raw": request.GET.get("on", ""),
            "nav": "units",
        },
    )


@login_required
def unit_detail(request, code):
    on = parse_day(request.GET.get("on"))
    unit = unit_by_code(code, on)
    links = successors(unit)
    children = sort_vi(unit.children.all())
    return render(
        request,
        "wards/unit_detail.html",
        {
            "unit": unit,
            "label": history_label(unit, links),
            "successors": links,
            "predecessors": predecessors(unit),
            "ancestors": ancestors(unit),
            "children": children,
            "same_code": AdministrativeUnit.objects.filter(code=unit.code).exclude(pk=unit.pk).order_by("valid_from"),
            "is_commune": unit.level == Level.COMMUNE,
            "today": today(),
            "nav": "units",
        },
    )
