"""What the dashboards read: a ward's profile over years and quarters."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import ReportStatus, Section
from digital_metrics.models import QuarterlyReport, Target
from digital_metrics.periods import Quarter
from digital_metrics.reports.figures import Figure, aggregate, entries_of, raw_values
from digital_metrics.reports.selectors import approved_reports
from procedures.selectors import OnlineActivity, activity_rows, online_activity
from wards.choices import SuccessionKind
from wards.models import UnitSuccession


@dataclass
class Column:
    label: str
    quarters: list[Quarter]
    reports: list[QuarterlyReport]
    figures: dict[str, Figure] = field(default_factory=dict)
    activity: OnlineActivity | None = None
    pending: QuarterlyReport | None = None  # a report not accepted yet, shown apart from the accepted figures

    @property
    def is_pending(self) -> bool:
        return self.pending is not None


@dataclass
class Row:
    indicator: object
    cells: list[Figure | None]
    target: Target | None
    depth: int = 0

    @property
    def marked(self) -> list[tuple[Figure | None, str]]:
        """Each cell with how it stands against the target: "below", "met" or ""
        (no target, no value)."""
        out = []
        for cell in self.cells:
            met = self.target.is_met(cell.value) if self.target and cell is not None and not cell.is_empty else None
            out.append((cell, "" if met is None else "met" if met else "below"))
        return out


@dataclass
class ProfileTable:
    columns: list[Column]
    sections: list[tuple[str, list[Row]]]
    years: list[int]
    year: int | None
    merged_from: list = field(default_factory=list)
    trend: dict = field(default_factory=dict)
    on: datetime.date | None = None

    @property
    def accepted_columns(self) -> list[Column]:
        return [c for c in self.columns if not c.is_pending]


# Shown in the profile's own rows on online procedures (beside what the
# per-procedure detail counts), not among the indicators of their section.
ACTIVITY_CODES = {
    "procedures_online",
    "procedure_fields_online",
    "procedures_paid_online",
    "procedures_paid_online_fields",
}
SUB_ROWS = {"poor_households_without_smartphone", "near_poor_households_without_smartphone"}
# Rates drawn quarter by quarter on the profile's trend chart.
TREND_CODES = [
    "dossiers_on_time_rate",
    "dossiers_online_full_rate",
    "copy_certification_electronic_rate",
    "smartphone_household_rate",
]


def _trend(indicators, reports, values, targets) -> dict:
    """Quarter-by-quarter rates of accepted figures for the chart: labels, and
    per indicator its values (None where a quarter lacks the counts) and its
    current target."""
    by_code = {i.code: i for i in indicators}
    quarters = sorted({r.period for r in reports})
    per_quarter = {
        q: aggregate(indicators, entries_of([r for r in reports if r.period == q], values)) for q in quarters
    }
    series = []
    for code in TREND_CODES:
        ind = by_code.get(code)
        if ind is None:
            continue
        points = [
            float(round(per_quarter[q][code].value, 2))
            if code in per_quarter[q] and per_quarter[q][code].value is not None
            else None
            for q in quarters
        ]
        if any(p is not None for p in points):
            target = targets.get(ind.pk)
            series.append(
                {"code": code, "label": ind.name, "values": points, "target": float(target.value) if target else None}
            )
    return {"labels": [q.label for q in quarters], "series": series}


def ward_profile(
    *,
    unit,
    pending_readable: Callable[[QuarterlyReport], bool] = lambda report: False,
    year: int | None = None,
    on: datetime.date | None = None,
) -> ProfileTable:
    """The ward's accepted figures: each year with data (rolled up), then each
    quarter of ``year`` (default: the latest). Figures of reports not accepted
    yet come after, one column each, clearly marked, never added to the
    accepted ones, and only where ``pending_readable(report)`` allows.

    ``on``: the ward as it stood at the end of that day: only what had been
    accepted by then, with the values it had then (no later quarter, no later
    correction). A constant number of queries, whatever the span.

    A unit formed by the 2025 merger carries the history of the units that went
    into it whole: their quarters roll up into its columns.
    """
    merged = list(
        UnitSuccession.objects.filter(successor=unit, kind=SuccessionKind.FULL)
        .exclude(predecessor=unit)
        .select_related("predecessor")
    )
    unit_ids = [unit.pk, *(link.predecessor_id for link in merged)]
    reports, values = approved_reports(unit_ids, on=on)
    indicators = catalogue()
    years = sorted({r.year for r in reports})
    if year not in years:
        year = years[-1] if years else None
    columns: list[Column] = []
    for y in years:
        in_year = [r for r in reports if r.year == y]
        columns.append(Column(_("Năm %(year)s") % {"year": y}, [Quarter(y, q) for q in (1, 2, 3, 4)], in_year))
    for q in sorted({r.period for r in reports if r.year == year}):
        columns.append(Column(q.label, [q], [r for r in reports if r.period == q]))
    pending = []
    if on is None:
        pending = [
            r
            for r in QuarterlyReport.objects.filter(unit_id__in=unit_ids)
            .exclude(status=ReportStatus.APPROVED)
            .order_by("year", "quarter")
            if pending_readable(r)
        ]
        values.update(raw_values([r.pk for r in pending]))
        for r in pending:
            columns.append(Column(r.period_label, [r.period], [r], pending=r))
    activity = activity_rows([r.pk for c in columns for r in c.reports])
    for col in columns:
        col.figures = aggregate(indicators, entries_of(col.reports, values), expected=len(col.quarters))
        col.activity = online_activity([row for r in col.reports for row in activity.get(r.pk, [])])
    last_day = max((q.end for c in columns if not c.is_pending for q in c.quarters), default=None)
    if on is not None and last_day is not None:
        last_day = min(last_day, on)
    targets: dict[int, Target] = {}
    if last_day:
        for t in Target.objects.filter(valid_from__lte=last_day).order_by("valid_from"):
            if t.valid_to is None or t.valid_to >= last_day:
                targets[t.indicator_id] = t
    sections = []
    for value, label in Section.choices:
        rows = [
            Row(ind, [c.figures.get(ind.code) for c in columns], targets.get(ind.pk), 1 if ind.code in SUB_ROWS else 0)
            for ind in indicators
            if ind.section == value and ind.code not in ACTIVITY_CODES
        ]
        rows = [row for row in rows if any(cell is not None for cell in row.cells)]
        if rows:
            sections.append((label, rows))
    return ProfileTable(
        columns,
        sections,
        years,
        year,
        [link.predecessor for link in merged],
        _trend(indicators, reports, values, targets),
        on,
    )
