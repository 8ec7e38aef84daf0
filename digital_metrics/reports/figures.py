"""Reads of indicator values, rolled up over periods by the catalogue's rules.

Flows add up, stocks take the latest value, and a rate over several quarters
or several units is summed numerators over summed denominators: never an
average of rates.
"""

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import Aggregation, Bound, ReportStatus, ValueType
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Figure:
    """One indicator's value over a span, with what it was computed from."""

    indicator: Indicator
    value: Decimal | None = None
    text: str = ""
    bound: str = Bound.EXACT
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    as_of: Quarter | None = None  # for stocks: the quarter the value comes from

    @property
    def is_empty(self) -> bool:
        return self.value is None and not self.text


def approved_or_visible(reports, *, include_unapproved: bool):
    return reports if include_unapproved else reports.filter(status=ReportStatus.APPROVED)


def raw_values(reports) -> dict[int, dict[str, ReportValue]]:
    """{report_id: {indicator_code: ReportValue}} for the given reports (1 query)."""
    out: dict[int, dict[str, ReportValue]] = defaultdict(dict)
    for rv in (
        ReportValue.objects.filter(report__in=reports)
        .select_related("indicator")
        .only("report_id", "value", "text_value", "bound", "indicator__code")
    ):
        out[rv.report_id][rv.indicator.code] = rv
    return out


def aggregate(
    indicators: list[Indicator], entries: list[tuple[int, Quarter, dict[str, ReportValue]]]
) -> dict[str, Figure]:
    """Roll up quarterly values into one Figure per indicator.

    ``entries`` are (unit id, quarter, values by code), for one unit or many:
    flows add up over everything; a stock takes each unit's latest value and
    adds those up across units; a rate is computed from the rolled-up
    numerator and denominator.
    """
    by_code = {i.code: i for i in indicators}
    sums: dict[str, Decimal] = {}
    latest: dict[str, tuple[Quarter, Decimal | None, str, str]] = {}
    text: dict[str, tuple[Quarter, str]] = {}
    stock_slots: dict[str, dict[int, tuple[Quarter, Decimal, str]]] = defaultdict(dict)
    for slot, quarter, values in entries:
        for code, rv in values.items():
            ind = by_code.get(code)
            if ind is None:
                continue
            if ind.value_type == ValueType.TEXT:
                if rv.text_value and (code not in text or text[code][0] <= quarter):
                    text[code] = (quarter, rv.text_value)
                continue
            if rv.value is None:
                continue
            if ind.aggregation == Aggregation.SUM and not ind.is_ratio:
                sums[code] = sums.get(code, Decimal(0)) + rv.value
            else:
                prev = stock_slots[code].get(slot)
                if prev is None or prev[0] <= quarter:
                    stock_slots[code][slot] = (quarter, rv.value, rv.bound)
    for code, slots in stock_slots.items():
        vals = list(slots.values())
        ind = by_code[code]
        as_of = max(v[0] for v in vals)
        if ind.value_type == ValueType.RATE:
            # A directly reported rate of several units cannot be summed; the
            # latest one is shown only for a single unit.
            if len(vals) == 1:
                latest[code] = (as_of, vals[0][1], vals[0][2], "")
        else:
            latest[code] = (as_of, sum((v[1] for v in vals), Decimal(0)), "", "")

    figures: dict[str, Figure] = {}

    def base_value(code: str) -> Decimal | None:
        if code in sums:
            return sums[code]
        if code in latest:
            return latest[code][1]
        ind = by_code.get(code)
        if ind is not None and not ind.is_ratio:
            comps = [c.code for c in ind.components.all()]
            if comps:
                parts = [base_value(c) for c in comps]
                if any(p is not None for p in parts):
                    return sum((p for p in parts if p is not None), Decimal(0))
        return None

    for ind in indicators:
        code = ind.code
        if ind.value_type == ValueType.TEXT:
            if code in text:
                figures[code] = Figure(ind, text=text[code][1], as_of=text[code][0])
            continue
        if ind.is_ratio:
            num, den = base_value(ind.numerator.code), base_value(ind.denominator.code)
            if num is not None and den:
                figures[code] = Figure(ind, value=(num * HUNDRED / den), numerator=num, denominator=den)
                continue
            if ind.direct_rate_allowed and code in latest:
                as_of, value, bound, _ = latest[code]
                figures[code] = Figure(ind, value=value, bound=bound, as_of=as_of)
            continue
        if code in latest:
            as_of, value, bound, _ = latest[code]
            figures[code] = Figure(ind, value=value, bound=bound, as_of=as_of)
            continue
        value = base_value(code)
        if value is not None:
            figures[code] = Figure(ind, value=value)
    return figures


def unit_figures(*, unit, quarters: list[Quarter], include_unapproved: bool, indicators=None) -> dict[str, Figure]:
    """One unit's figures over the given quarters."""
    indicators = indicators if indicators is not None else catalogue()
    q = Q()
    for quarter in quarters:
        q |= Q(year=quarter.year, quarter=quarter.quarter)
    reports = approved_or_visible(
        QuarterlyReport.objects.filter(unit=unit).filter(q), include_unapproved=include_unapproved
    )
    reports = list(reports.only("pk", "unit_id", "year", "quarter"))
    values = raw_values([r.pk for r in reports])
    return aggregate(indicators, [(r.unit_id, r.period, values.get(r.pk, {})) for r in reports])


def unit_periods(*, unit, include_unapproved: bool) -> list[QuarterlyReport]:
    """The unit's reports, newest first (1 query)."""
    qs = approved_or_visible(QuarterlyReport.objects.filter(unit=unit), include_unapproved=include_unapproved)
    return list(qs.order_by("-year", "-quarter"))
