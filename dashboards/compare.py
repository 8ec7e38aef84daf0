"""Units side by side: one indicator over years and quarters, for the units a
user picks. Approved figures only (digital_metrics.reports.selectors
approved_reports), rolled up by the portal's one rule (figures.aggregate):
a year's rate is its summed numerators over its summed denominators."""

from dataclasses import dataclass, field

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.translation import gettext as _

from core.collation import sort_vi
from core.dates import parse_day
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import ValueType
from digital_metrics.models import Target
from digital_metrics.periods import Quarter
from digital_metrics.reports.figures import Figure, aggregate, entries_of
from digital_metrics.reports.selectors import approved_reports
from wards.access import access_for
from wards.choices import Level
from wards.models import AdministrativeUnit
from wards.selectors import units_by_code

MAX_UNITS = 12
DEFAULT_INDICATOR = "dossiers_online_full_rate"


@dataclass
class PeriodRow:
    label: str
    is_year: bool
    cells: list[Figure | None] = field(default_factory=list)

    def marked(self, target) -> list[tuple[Figure | None, str]]:
        """Each cell with "below" or "met" against ``target`` ("" without one)."""
        out = []
        for cell in self.cells:
            met = target.is_met(cell.value) if target is not None and cell is not None else None
            out.append((cell, "" if met is None else "met" if met else "below"))
        return out


def _needed(ind, by_code) -> list:
    """The indicator and every one its value is computed from (a rate's counts, a total's parts)."""
    out, todo = {}, [ind.code]
    while todo:
        code = todo.pop()
        if code in out or code not in by_code:
            continue
        i = by_code[code]
        out[code] = i
        if i.numerator_id:
            todo += [i.numerator.code, i.denominator.code]
        todo += [c.code for c in i.components.all()]
    return list(out.values())


def comparison(*, units: list[AdministrativeUnit], indicator, indicators) -> list[PeriodRow]:
    """One row per year, then per quarter, oldest first; a cell per unit (a fixed number of queries)."""
    by_code = {i.code: i for i in indicators}
    needed = _needed(indicator, by_code)
    reports, values = approved_reports([u.pk for u in units])
    by_unit_period: dict[tuple[int, Quarter], list] = {}
    for r in reports:
        by_unit_period.setdefault((r.unit_id, r.period), []).append(r)
    quarters = sorted({r.period for r in reports})
    years = sorted({q.year for q in quarters})

    def cell(unit, periods: list[Quarter]) -> Figure | None:
        found = [r for q in periods for r in by_unit_period.get((unit.pk, q), [])]
        if not found:
            return None
        fig = aggregate(needed, entries_of(found, values), expected=len(periods)).get(indicator.code)
        return None if fig is None or fig.is_empty else fig

    rows = []
    for y in years:
        span = [Quarter(y, q) for q in (1, 2, 3, 4)]
        rows.append(PeriodRow(_("Năm %(year)s") % {"year": y}, True, [cell(u, span) for u in units]))
    for q in quarters:
        rows.append(PeriodRow(q.label, False, [cell(u, [q]) for u in units]))
    return rows


def _chart(units, rows, indicator) -> dict:
    """The quarters as a line per unit, for static/js/compare_chart.js (numbers, not text)."""
    quarters = [r for r in rows if not r.is_year]
    return {
        "labels": [r.label for r in quarters],
        "unit": "%" if indicator.value_type == ValueType.RATE else indicator.unit_label,
        "series": [
            {
                "label": u.name,
                "values": [
                    float(round(r.cells[i].value, 2))
                    if r.cells[i] is not None and r.cells[i].value is not None
                    else None
                    for r in quarters
                ],
            }
            for i, u in enumerate(units)
        ],
    }


def _codes(raw: list[str]) -> list[str]:
    """The unit codes asked for (five digits each), in order, without repeats."""
    return list(dict.fromkeys(c.strip() for c in raw if c.strip().isdigit() and len(c.strip()) == 5))[:MAX_UNITS]


@login_required
def compare(request):
    """``?units=01855&units=01837`` (unit codes, as the profile's URL names a unit),
    ``&on=DATE`` to name the units that bore those codes that day (the 2025 reform
    reused codes; without it, the units that bear them today, else the latest that
    bore them), ``&indicator=CODE``."""
    indicators = catalogue()
    numeric = [i for i in indicators if i.value_type != ValueType.TEXT]
    by_code = {i.code: i for i in numeric}
    indicator = by_code.get(request.GET.get("indicator") or DEFAULT_INDICATOR) or numeric[0]
    on = parse_day(request.GET.get("on"))
    codes = _codes(request.GET.getlist("units"))
    unknown = []
    if codes:
        found = units_by_code(codes, on)
        unknown = [c for c in codes if c not in found]
        chosen = [u.pk for c, u in found.items() if u.level == Level.COMMUNE]
    else:  # the user's own wards, or those under the user's bodies
        chosen = sorted(access_for(request.user).followed_unit_ids)[:MAX_UNITS]
    units = sort_vi(AdministrativeUnit.objects.communes().filter(pk__in=chosen).select_related("parent"))
    # The units to pick from: the communes of the same province as those shown.
    provinces = {u.parent.parent_id or u.parent_id for u in units if u.parent_id}
    choices = sort_vi(
        AdministrativeUnit.objects.communes().filter(Q(parent__parent__in=provinces) | Q(parent__in=provinces))
    )
    target = Target.objects.filter(indicator=indicator).order_by("-valid_from").first()
    rows = comparison(units=units, indicator=indicator, indicators=indicators) if units else []
    return render(
        request,
        "dashboards/compare.html",
        {
            "units": units,
            "unit_ids": {u.pk for u in units},
            "on": on,
            "unknown": unknown,
            "choices": choices,
            "indicator": indicator,
            "indicators": numeric,
            "rows": rows,
            "target": target,
            "chart": _chart(units, rows, indicator) if rows else None,
            "max_units": MAX_UNITS,
            "nav": "par",
        },
    )
