"""Figures: quarterly values rolled up over a span (a quarter, a year, several
units), by the catalogue's rules — the one computation behind pages, the API
and exports (the rankings' yearly roll-up, par_index.yearly, is its set-based
twin, tested equal).

- Flows add up; stocks take each unit's latest value; a total with no value
  of its own is, quarter by quarter, the sum of its parts.
- A rate is summed numerators over summed denominators, never an average of
  rates, and over the SAME quarters: a quarter missing either count is left
  out of both (171 dossiers online over Q1–Q3 is not divided by 620 received
  over Q2–Q3). A figure says its coverage ("3/4 quý") when a quarter of its
  span gave nothing.
- A bound ("trên 98%") counts as its bound and keeps its direction.
- Every figure carries its sources: the origin of each value it was computed
  from (entered and approved by whom and when, the source article, the
  one-stop system, or illustrative) so that pages and exports show them on
  the value itself.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from core.numbers import ABOVE, BELOW
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import Aggregation, Origin, ReportStatus, ValueType
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter

HUNDRED = Decimal(100)
APPROX = "approx"  # a figure made of bounds in both directions: shown "khoảng …"
ILLUSTRATIVE = (Origin.DEMO, Origin.SPLIT)


@dataclass(frozen=True)
class Source:
    """Where a value comes from: its origin, and for an approved report who approved it and when."""

    origin: str
    approved_by: str = ""
    approved_at: object = None  # a datetime

    @property
    def label(self) -> str:
        return str(Origin(self.origin).label)


@dataclass(frozen=True)
class Figure:
    """One indicator's value over a span, with what it was computed from."""

    indicator: Indicator
    value: Decimal | None = None
    text: str = ""
    bound: str = ""  # "", ABOVE, BELOW or APPROX
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    as_of: Quarter | None = None  # for stocks: the quarter the value comes from
    covered: int = 0  # quarters of the span that gave the figure (for a rate: both counts)
    expected: int = 0  # quarters in the span
    sources: frozenset = field(default_factory=frozenset)

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.text

    @property
    def coverage(self) -> str:
        """ "3/4 quý" when some quarter of the span gave nothing ("tại Quý I/2024"
        for a stock: the quarter its latest value is from), else ""."""
        if self.expected > 1 and 0 < self.covered < self.expected:
            if self.indicator.aggregation != Aggregation.SUM and self.as_of is not None:
                # A stock is its latest value, not a sum: say which quarter it is from.
                return _("tại %(q)s") % {"q": self.as_of.label}
            return _("%(n)s/%(of)s quý") % {"n": self.covered, "of": self.expected}
        return ""

    @property
    def is_illustrative(self) -> bool:
        """Any part of it invented for the demo: shown "minh họa" on the value."""
        return any(s.origin == Origin.DEMO for s in self.sources) or (
            any(s.origin == Origin.SPLIT for s in self.sources) and not self.whole_years
        )

    @property
    def whole_years(self) -> bool:
        """A split of yearly totals adds up to the real total only over whole years."""
        return self.expected >= 4 and self.expected % 4 == 0 and self.covered == self.expected

    @property
    def is_from_article(self) -> bool:
        return not self.is_illustrative and any(s.origin in (Origin.SEED, Origin.SPLIT) for s in self.sources)

    @property
    def source_note(self) -> str:
        """Where the figure comes from, in a few words, for a title or an export column."""
        if self.is_illustrative:
            return _("Số liệu minh họa")
        origins = {s.origin for s in self.sources}
        if origins & {Origin.SEED, Origin.SPLIT}:
            return _("Số liệu thật (bài báo)")
        if Origin.SYSTEM in origins:
            return _("Từ hệ thống một cửa")
        approved = sorted({(s.approved_by, s.approved_at) for s in self.sources if s.approved_at}, key=lambda x: x[1])
        if len(approved) == 1:
            who, when = approved[0]
            return _("Đã duyệt: %(who)s, %(when)s") % {"who": who or _("không rõ"), "when": when.strftime("%d/%m/%Y")}
        if approved:
            return _("Đã duyệt (%(n)s báo cáo)") % {"n": len(approved)}
        return ""


@dataclass
class Entry:
    """One report's values, for the roll-up: whose, which quarter, what it says."""

    unit_id: int
    quarter: Quarter
    values: dict  # code → ReportValue
    report: QuarterlyReport | None = None

    def source_of(self, rv: ReportValue) -> Source:
        report = self.report
        if report is None or rv.origin != Origin.ENTERED or report.approved_at is None:
            return Source(rv.origin)
        by = report.approved_by
        return Source(rv.origin, (by.get_full_name() or by.username) if by else "", report.approved_at)


def entries_of(reports, values: dict[int, dict[str, ReportValue]]) -> list[Entry]:
    return [Entry(r.unit_id, r.period, values.get(r.pk, {}), r) for r in reports]


def _direction(bounds) -> str:
    kinds = set(bounds) - {""}
    if not kinds:
        return ""
    return kinds.pop() if len(kinds) == 1 and APPROX not in kinds else APPROX


def _flip(bound: str) -> str:
    return {ABOVE: BELOW, BELOW: ABOVE}.get(bound, bound)


@dataclass
class _Part:
    """A value of one (unit, quarter): an indicator's own, or the sum of its parts."""

    value: Decimal
    bound: str
    sources: set


def _bases(entry: Entry, by_code: dict) -> dict[str, _Part]:
    """Every numeric indicator's value in one report: its own, else (a total) the sum of its parts present."""
    out: dict[str, _Part] = {}
    for code, rv in entry.values.items():
        ind = by_code.get(code)
        if ind is None or ind.value_type == ValueType.TEXT or rv.value is None:
            continue
        out[code] = _Part(rv.value, rv.bound, {entry.source_of(rv)})
    for ind in by_code.values():
        if ind.code in out or not ind.is_total:
            continue
        parts = [out[c.code] for c in ind.components.all() if c.code in out]
        if parts:
            out[ind.code] = _Part(
                sum((p.value for p in parts), Decimal(0)),
                _direction(p.bound for p in parts),
                set().union(*(p.sources for p in parts)),
            )
    return out


def aggregate(indicators: list[Indicator], entries: list[Entry], *, expected: int | None = None) -> dict[str, Figure]:
    """Roll up the ``entries`` (one unit or many, one quarter or many) into one
    Figure per indicator. ``expected``: the quarters the span has (default:
    those of the entries), for the coverage."""
    by_code = {i.code: i for i in indicators}
    quarters = {e.quarter for e in entries}
    expected = expected if expected is not None else len(quarters)
    bases = [(e, _bases(e, by_code)) for e in entries]
    figures: dict[str, Figure] = {}
    for ind in indicators:
        code = ind.code
        if ind.value_type == ValueType.TEXT:
            texts = [(e.quarter, e.values[code]) for e in entries if code in e.values and e.values[code].text_value]
            if texts:
                quarter, rv = max(texts, key=lambda t: t[0])
                entry = next(e for e in entries if e.quarter == quarter and code in e.values)
                figures[code] = Figure(ind, text=rv.text_value, as_of=quarter, sources=frozenset({entry.source_of(rv)}))
            continue
        figure = _ratio(ind, bases, expected) if ind.is_ratio else None
        if figure is None and (not ind.is_ratio or ind.direct_rate_allowed):
            figure = _plain(ind, bases, expected)
        if figure is not None:
            figures[code] = figure
    return figures


def _plain(ind: Indicator, bases, expected: int) -> Figure | None:
    """A count (a flow summed, a stock's latest per unit) or a directly reported rate."""
    code = ind.code
    rows = [(e, b[code]) for e, b in bases if code in b]
    if not rows:
        return None
    if ind.aggregation == Aggregation.SUM and ind.value_type != ValueType.RATE:
        chosen = rows
    else:
        latest: dict[int, tuple[Entry, _Part]] = {}
        for e, part in rows:
            if e.unit_id not in latest or latest[e.unit_id][0].quarter < e.quarter:
                latest[e.unit_id] = (e, part)
        chosen = list(latest.values())
        if ind.value_type == ValueType.RATE and len(chosen) > 1:
            return None  # a directly reported rate of several units cannot be added up
    as_of = max(e.quarter for e, _p in chosen) if chosen is not rows else None
    return Figure(
        ind,
        value=sum((p.value for _e, p in chosen), Decimal(0)),
        bound=_direction(p.bound for _e, p in chosen),
        as_of=as_of,
        covered=len({e.quarter for e, _p in rows}),
        expected=expected,
        sources=frozenset().union(*(p.sources for _e, p in chosen)),
    )


def _ratio(ind: Indicator, bases, expected: int) -> Figure | None:
    """Numerator over denominator, over the quarters that have both."""
    num_code, den_code = ind.numerator.code, ind.denominator.code
    pairs = [(e, b[num_code], b[den_code]) for e, b in bases if num_code in b and den_code in b]
    if ind.aggregation != Aggregation.SUM:  # a stock ratio: each unit's latest quarter with both
        latest: dict[int, tuple] = {}
        for pair in pairs:
            if pair[0].unit_id not in latest or latest[pair[0].unit_id][0].quarter < pair[0].quarter:
                latest[pair[0].unit_id] = pair
        pairs = list(latest.values())
    num = sum((n.value for _e, n, _d in pairs), Decimal(0))
    den = sum((d.value for _e, _n, d in pairs), Decimal(0))
    if not pairs or not den:
        return None
    bounds = [n.bound for _e, n, _d in pairs] + [_flip(d.bound) for _e, _n, d in pairs]
    return Figure(
        ind,
        value=num * HUNDRED / den,
        bound=_direction(bounds),
        numerator=num,
        denominator=den,
        as_of=max(e.quarter for e, _n, _d in pairs) if ind.aggregation != Aggregation.SUM else None,
        covered=len({e.quarter for e, _n, _d in pairs}),
        expected=expected,
        sources=frozenset().union(*(n.sources | d.sources for _e, n, d in pairs)),
    )


def raw_values(reports) -> dict[int, dict[str, ReportValue]]:
    """{report_id: {indicator_code: ReportValue}} for the given reports (1 query)."""
    out: dict[int, dict[str, ReportValue]] = defaultdict(dict)
    for rv in (
        ReportValue.objects.filter(report__in=reports)
        .select_related("indicator")
        .only("report_id", "value", "text_value", "bound", "origin", "indicator__code", "indicator__value_type")
    ):
        out[rv.report_id][rv.indicator.code] = rv
    return out


def unit_figures(*, unit, quarters: list[Quarter], indicators=None) -> dict[str, Figure]:
    """One unit's approved figures over the given quarters (3 queries)."""
    indicators = indicators if indicators is not None else catalogue()
    q = Q()
    for quarter in quarters:
        q |= Q(year=quarter.year, quarter=quarter.quarter)
    reports = list(
        QuarterlyReport.objects.filter(unit=unit, status=ReportStatus.APPROVED)
        .filter(q)
        .select_related("approved_by")
        .only("pk", "unit_id", "year", "quarter", "approved_at", "approved_by")
    )
    return aggregate(indicators, entries_of(reports, raw_values([r.pk for r in reports])), expected=len(quarters))
