from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from core import freshness
from core.charts import rank_sparkline
from core.collation import sort_vi
from core.dates import parse_day
from dashboards.clerk import clerk_home
from dashboards.freshness import provinces_of
from dashboards.overview import overview_bodies
from dashboards.overview_views import overview_page
from dashboards.selectors import ward_profile
from digital_metrics.models import QuarterlyReport
from digital_metrics.reports.selectors import due_list
from digital_metrics.reports.state import Locks, state_of
from par_index.selectors import rank_history
from supervision.selectors import open_recommendations, supervisions_covering
from wards.access import Do, access_for
from wards.choices import Level, SuccessionKind
from wards.models import AdministrativeUnit, SupervisingBody, UnitSuccession
from wards.selectors import history_label, unit_by_code


@login_required
def home(request):
    access = access_for(request.user)
    if access.clerk_unit_ids and not access.is_supervisor:
        return clerk_home(request, access)  # the clerk's next report (dashboards/clerk.py)
    if not access.clerk_unit_ids and overview_bodies(request.user):
        return overview_page(request)  # the supervision team's overview (dashboards.overview_views)
    units = sort_vi(
        AdministrativeUnit.objects.filter(pk__in=access.followed_unit_ids).communes().select_related("parent")
    )
    latest = {}
    for report in QuarterlyReport.objects.filter(unit__in=units).order_by("unit_id", "-year", "-quarter"):
        latest.setdefault(report.unit_id, report)
    rows = [(unit, latest.get(unit.pk)) for unit in units]
    bodies = SupervisingBody.objects.filter(pk__in=access.member_body_ids).select_related("unit")
    open_recs = open_recommendations(user=request.user, unit_ids=[u.pk for u in units])
    # A clerk sees first what is due for their ward(s) (digital_metrics).
    due = [(unit, due_list(unit=unit)) for unit in units if unit.pk in access.clerk_unit_ids]
    return render(
        request,
        "dashboards/home.html",
        {"rows": rows, "bodies": bodies, "open_recommendations": open_recs, "due": due, "nav": "home"},
    )


@login_required
def profile(request, code):
    """A ward's figures. For a reader who sees accepted figures only (the supervision
    team, appraisers, the wards' other readers) the content is rendered once per unit,
    reader's access, day shown, year chosen, language and day, and cached under the generations
    of the provinces of the ward and of the wards merged into it (core.freshness: an
    approval or a reopening, a recompute, a lock, a supervision bump them). A reader
    who may see its drafts or pending figures gets them computed: a draft's save bumps nothing."""
    on = parse_day(request.GET.get("on"))
    # The unit and the units merged into it (ids and provinces), cached under the global
    # generation, which a unit or a succession changed bumps.
    unit, unit_ids, provinces = freshness.cached(
        "profile-unit", provinces=[], parts=[code, on], compute=lambda: _locate(code, on)
    )
    if unit.level != Level.COMMUNE:
        raise Http404(_("Hồ sơ số liệu chỉ có cho đơn vị cấp xã."))
    access = access_for(request.user)

    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() and len(raw_year) == 4 else None  # else the latest year

    def compute() -> dict:
        table = ward_profile(unit=unit, pending_readable=lambda r: r.readable_by(request.user), year=year, on=on)
        locks = Locks(q for col in table.columns for q in col.quarters)  # lock state shown on quarter columns
        for col in table.columns:
            for r in col.reports:
                r.is_locked = state_of(period=r.period, report=r, lock=locks.of(r.unit_id, r.period)).is_locked
        ranks = rank_history([unit.pk]).get(unit.pk, [])  # the PAR rank year by year, beside the year columns
        by_year = {p.year: p for p in ranks}
        rank_cells = [
            by_year.get(col.quarters[0].year) if len(col.quarters) == 4 and not col.is_pending else None
            for col in table.columns
        ]
        context = {
            "unit": unit,
            "label": history_label(unit),
            "table": table,
            "on": on,
            "unit_supervisions": supervisions_covering(user=request.user, units=[unit, *table.merged_from]),
            "ranks": ranks,
            "rank_cells": rank_cells if any(rank_cells) else [],
            "rank_chart": rank_sparkline(ranks, label=_("Thứ hạng Chỉ số CCHC")),
        }
        html = render_to_string("dashboards/_profile_body.html", context, request)
        return {"html": html, "trend": bool(table.columns and table.trend.get("series"))}

    sees_pending = any(access.can(Do.READ_PENDING, i) or access.can(Do.READ_DRAFTS, i) for i in unit_ids)
    if sees_pending:
        part = compute()
    else:
        part = freshness.cached("profile", provinces=provinces, parts=[unit.pk, access.key, on, year], compute=compute)
    return render(
        request,
        "dashboards/profile.html",
        # rendered from our template, every value escaped there
        {"unit": unit, "part": {**part, "html": mark_safe(part["html"])}, "nav": "home"},  # noqa: S308
    )


def _locate(code: str, on) -> tuple[AdministrativeUnit, list[int], list[int]]:
    """The unit, its id and those of the units merged into it whole, and the provinces they lie in."""
    unit = unit_by_code(code, on)
    merged = UnitSuccession.objects.filter(successor=unit, kind=SuccessionKind.FULL).exclude(predecessor=unit)
    unit_ids = [unit.pk, *merged.values_list("predecessor_id", flat=True)]
    return unit, unit_ids, provinces_of(unit_ids)
