"""The system's figures beside the ward's, for the pages of other apps: each page
includes one template of onestop/templates/onestop/ and that template asks here.

- ``onestop_report``: a report's quarter (entry form and report page): the system's
  figure of each covered indicator, the report's, the gap, the clerk's reasons.
- ``onestop_profile``: a ward's profile: approved and system figures per quarter
  of the year shown, gaps beyond the tolerance flagged.
Both answer None to whoever may not see the gaps (the public, another ward)."""

from dataclasses import dataclass, field

from django import template
from django.urls import reverse

from digital_metrics.choices import Origin
from digital_metrics.models import Indicator
from digital_metrics.reports.figures import aggregate, entries_of, raw_values
from onestop.mapping import COVERED
from onestop.selectors import (
    Comparison,
    SystemFigure,
    compare,
    may_see_differences,
    overrides_of,
    system_figures,
    tolerance_text,
)
from wards.access import Do, access_for

register = template.Library()


@dataclass
class ReportRow:
    indicator: object
    system: SystemFigure
    reported: object  # a Figure or None
    comparison: Comparison
    accepted: bool  # the report's value is the system's, accepted
    override: object = None
    can_accept: bool = False  # the report can be written now: accept the system's figure
    can_explain: bool = False  # a writer of the ward's figures, the report approved or not: say why it differs


@dataclass
class ReportPanel:
    rows: list
    illustrative: bool
    coverage: str
    can_edit: bool
    version: int
    accept_url: str
    override_url: str
    tolerance: str
    to_accept: list = field(default_factory=list)


@register.simple_tag(takes_context=True)
def onestop_report(context):
    unit, period, report = context.get("unit"), context.get("period"), context.get("report")
    request = context.get("request")
    if unit is None or period is None or request is None or not may_see_differences(request.user, unit):
        return None
    figures = system_figures([unit.pk], [period]).get((unit.pk, period))
    if not figures:
        return None
    by_code = context.get("by_code") or {}
    indicators = list(by_code.values())
    values = raw_values([report.pk]).get(report.pk, {}) if report else {}
    reported = aggregate(indicators, entries_of([report], {report.pk: values})) if report else {}
    overrides = overrides_of([unit.pk], [period]).get((unit.pk, period), {})
    located = context.get("located")
    writer = access_for(request.user).can(Do.WRITE_FIGURES, unit.pk)
    can_edit = bool(located and located.can_edit and writer)
    rows = []
    for code in COVERED:
        ind = by_code.get(code)
        if ind is None:
            continue
        fig = reported.get(code)
        cmp = compare(code, fig.value if fig else None, figures[code])
        rv = values.get(code)
        accepted = rv is not None and rv.origin in (Origin.SYSTEM, Origin.DEMO) and cmp.matches
        rows.append(
            ReportRow(ind, figures[code], fig, cmp, accepted, overrides.get(code), can_edit and ind.is_entered, writer)
        )
    first = next(iter(figures.values()))
    return ReportPanel(
        rows=rows,
        illustrative=first.illustrative,
        coverage=first.coverage,
        can_edit=can_edit,
        version=report.version if report else 0,
        accept_url=reverse("onestop:accept", args=[unit.code, period.year, period.quarter]),
        override_url=reverse("onestop:override", args=[unit.code, period.year, period.quarter]),
        tolerance=tolerance_text(),
        to_accept=[r.indicator.code for r in rows if r.can_accept and not r.comparison.matches],
    )


@dataclass
class ProfileCell:
    reported: object  # a Figure or None
    system: SystemFigure | None
    comparison: Comparison


@dataclass
class ProfileRow:
    indicator: object
    cells: list


@dataclass
class ProfilePanel:
    columns: list
    rows: list
    flagged: int
    illustrative: bool
    tolerance: str
    overrides: list
    on: object = None  # the profile's ?on= day: the system's figures are today's, said so


@register.simple_tag(takes_context=True)
def onestop_profile(context):
    """Approved and system figures side by side for the quarter columns of the profile's year.
    Three queries for whoever may see it, whatever the data (the profile's query budget)."""
    unit, table, request = context.get("unit"), context.get("table"), context.get("request")
    if unit is None or table is None or request is None or not may_see_differences(request.user, unit):
        return None
    columns = [c for c in table.accepted_columns if len(c.quarters) == 1]
    unit_ids = [unit.pk, *(u.pk for u in table.merged_from)]
    quarters = [c.quarters[0] for c in columns]
    by_quarter = system_figures(unit_ids, quarters)
    reasons = overrides_of(unit_ids, quarters)
    by_code = {i.code: i for i in Indicator.objects.filter(code__in=COVERED)}
    system = {}
    for q in quarters:
        parts = [figs for (_uid, quarter), figs in by_quarter.items() if quarter == q]
        if parts:
            system[q] = {
                code: SystemFigure(
                    code,
                    sum(p[code].value for p in parts),
                    max(p[code].months for p in parts),
                    3,
                    any(p[code].illustrative for p in parts),
                )
                for code in COVERED
            }
    if not system:
        return None
    shown = [c for c in columns if c.quarters[0] in system]
    rows, flagged = [], 0
    for code in COVERED:
        if code not in by_code:
            continue  # an indicator removed from the catalogue
        cells = []
        for col in shown:
            fig = col.figures.get(code)
            cmp = compare(code, fig.value if fig else None, system[col.quarters[0]][code])
            flagged += cmp.flagged
            cells.append(ProfileCell(fig, system[col.quarters[0]][code], cmp))
        rows.append(ProfileRow(by_code[code], cells))
    overrides = [
        (q, o) for (_uid, q), by_ind in sorted(reasons.items(), key=lambda kv: kv[0][1]) for o in by_ind.values()
    ]
    overrides = [(q, o) for q, o in overrides if q in system]
    return ProfilePanel(
        columns=shown,
        rows=rows,
        flagged=flagged,
        illustrative=any(next(iter(s.values())).illustrative for s in system.values()),
        tolerance=tolerance_text(),
        overrides=overrides,
        on=table.on,
    )
