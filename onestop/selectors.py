"""Reads of the system's figures: rolled up to quarters and years, mapped onto
the catalogue's indicators, and set beside what the ward reported.

- ``system_figures(unit_ids, quarters)``: {(unit id, quarter): {code: SystemFigure}}
  in one query (counts summed per unit, channel and month in the database).
- ``compare(reported, system)``: the gap and whether it is beyond the tolerance
  (settings.ONESTOP_TOLERANCE_*: 5% of the system's figure or 2 dossiers,
  whichever is larger).
- ``differences(unit_ids=..., quarters=...)``: the flagged gaps between approved
  figures and the system's, for the profile and any overview (a constant number
  of queries whatever the number of units).
- ``flag_counts(user=..., unit_ids=..., quarters=...)``: flagged gaps per unit, for an
  overview's column, only for the units the user may see them of.
- ``may_see_differences(user, unit)``: who is shown the gaps (not the public).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import Q, Sum
from django.db.models.functions import TruncMonth
from django.utils.translation import gettext as _

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports.figures import aggregate, entries_of, raw_values
from onestop.mapping import COUNT_FIELDS, COVERED, indicator_sums
from onestop.models import DossierCount, Override
from wards.access import access_for
from wards.models import AdministrativeUnit


@dataclass(frozen=True)
class SystemFigure:
    code: str
    value: int
    months: int  # months of the span with at least one count from the system
    expected: int  # months in the span
    illustrative: bool = False

    @property
    def coverage(self) -> str:
        """ "2/3 tháng" when the system sent nothing for some month of the span."""
        if self.months < self.expected:
            return _("%(n)s/%(of)s tháng") % {"n": self.months, "of": self.expected}
        return ""


@dataclass(frozen=True)
class Comparison:
    code: str
    reported: Decimal | None
    system: SystemFigure | None

    @property
    def difference(self) -> Decimal | None:
        if self.reported is None or self.system is None:
            return None
        return self.reported - self.system.value

    @property
    def flagged(self) -> bool:
        diff = self.difference
        return diff is not None and abs(diff) > tolerance(self.system.value)

    @property
    def matches(self) -> bool:
        return self.difference == 0


def tolerance(system_value: int) -> Decimal:
    """The largest gap not flagged: ONESTOP_TOLERANCE_PERCENT of the system's figure,
    at least ONESTOP_TOLERANCE_DOSSIERS dossiers."""
    share = Decimal(system_value) * settings.ONESTOP_TOLERANCE_PERCENT / 100
    return max(share, Decimal(settings.ONESTOP_TOLERANCE_DOSSIERS))


def tolerance_text() -> str:
    return _("lệch quá %(pct)s%% số của hệ thống và quá %(n)s hồ sơ") % {
        "pct": settings.ONESTOP_TOLERANCE_PERCENT,
        "n": settings.ONESTOP_TOLERANCE_DOSSIERS,
    }


def _months(quarter: Quarter) -> list[datetime.date]:
    return [datetime.date(quarter.year, quarter.start.month + i, 1) for i in range(3)]


def system_figures(unit_ids: Iterable[int], quarters: Iterable[Quarter]) -> dict[tuple[int, Quarter], dict]:
    """{(unit id, quarter): {code: SystemFigure}} for the quarters the system sent anything for (1 query)."""
    quarters = sorted(set(quarters))
    if not quarters:
        return {}
    rows = (
        DossierCount.objects.filter(unit_id__in=list(unit_ids), day__gte=quarters[0].start, day__lte=quarters[-1].end)
        .annotate(month=TruncMonth("day"))
        .values("unit_id", "channel", "month", "account__illustrative")
        .annotate(**{name: Sum(name) for name in COUNT_FIELDS})
        .order_by()
    )
    wanted = set(quarters)
    sums: dict = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    months: dict = defaultdict(set)
    illustrative: dict = defaultdict(bool)
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        key = (row["unit_id"], Quarter.of(month))
        if key[1] not in wanted:
            continue
        for name in COUNT_FIELDS:
            sums[key][row["channel"]][name] += row[name] or 0
        months[key].add(month)
        illustrative[key] |= row["account__illustrative"]
    out = {}
    for key, counts in sums.items():
        values = indicator_sums(counts)
        out[key] = {code: SystemFigure(code, values[code], len(months[key]), 3, illustrative[key]) for code in COVERED}
    return out


def compare(code: str, reported, system: SystemFigure | None) -> Comparison:
    value = getattr(reported, "value", reported)
    return Comparison(code, Decimal(value) if value is not None else None, system)


def may_see_differences(user, unit) -> bool:
    """The units' own clerks, their reviewers, the supervision team and admins above them: not the public, not another ward."""
    access = access_for(user)
    return access.is_authenticated and (access.is_superuser or unit.pk in access.followed_unit_ids)


@dataclass(frozen=True)
class Difference:
    unit_id: int
    quarter: Quarter
    comparison: Comparison


def differences(*, unit_ids: Iterable[int], quarters: Iterable[Quarter]) -> list[Difference]:
    """Gaps beyond the tolerance between approved figures and the system's, per
    unit and quarter (for an overview: callers filter the units with
    ``may_see_differences`` first). A constant number of queries."""
    unit_ids, quarters = list(unit_ids), sorted(set(quarters))
    system = system_figures(unit_ids, quarters)
    if not system:
        return []
    in_quarters = Q()
    for q in quarters:
        in_quarters |= Q(year=q.year, quarter=q.quarter)
    reports = list(
        QuarterlyReport.objects.filter(in_quarters, unit_id__in=unit_ids, status=ReportStatus.APPROVED).select_related(
            "approved_by"
        )
    )
    values = raw_values([r.pk for r in reports])
    indicators = catalogue()
    by_period: dict[tuple[int, Quarter], list] = defaultdict(list)
    for r in reports:
        by_period[(r.unit_id, r.period)].append(r)
    out = []
    for (unit_id, quarter), figures in sorted(system.items(), key=lambda kv: (kv[0][0], kv[0][1])):
        mine = by_period.get((unit_id, quarter))
        if not mine:
            continue
        reported = aggregate(indicators, entries_of(mine, values))
        for code in COVERED:
            fig = reported.get(code)
            cmp = compare(code, fig.value if fig else None, figures[code])
            if cmp.flagged:
                out.append(Difference(unit_id, quarter, cmp))
    return out


def flag_counts(*, user, unit_ids: Iterable[int], quarters: Iterable[Quarter]) -> dict[int, int]:
    """{unit id: number of flagged gaps} over the quarters, for the units ``user`` may see gaps of
    (an overview's column; units without a gap are left out)."""
    access = access_for(user)
    seen = [u for u in AdministrativeUnit.objects.filter(pk__in=list(unit_ids)) if may_see_differences(user, u)]
    if not access.is_authenticated or not seen:
        return {}
    out: dict[int, int] = defaultdict(int)
    for gap in differences(unit_ids=[u.pk for u in seen], quarters=quarters):
        out[gap.unit_id] += 1
    return dict(out)


def overrides_of(unit_ids: Iterable[int], quarters: Iterable[Quarter]) -> dict[tuple[int, Quarter], dict]:
    """The latest reason per (unit, quarter, indicator code) a clerk gave for keeping the ward's figure (1 query)."""
    quarters = set(quarters)
    out: dict = defaultdict(dict)
    rows = Override.objects.filter(unit_id__in=list(unit_ids), year__in={q.year for q in quarters}).select_related(
        "indicator", "by"
    )
    for o in rows.order_by("at", "pk"):
        q = Quarter(o.year, o.quarter)
        if q in quarters:
            out[(o.unit_id, q)][o.indicator.code] = o
    return out
