"""The supervision team's overview: every unit under a body, one row each, for a
year or a quarter — PAR index, band, rank and its change from last year, the
key rates against their targets, the reporting discipline, the open and
overdue recommendations.

A fixed number of queries whatever the number of units (a city's 8, a
province's 549 or 3.321) and whatever the quarters of history: each read is
narrowed to the period and to the body's units by a subquery, never by a
loop over units, and never reads another period's reports. The result is
cached per body, period and day, under the generation of
core.freshness (bumped by the events that change it); filtering,
sorting and paging apply to the cached rows, so a filter costs no query.

Only approved figures make a rate (digital_metrics.reports.figures, the trust
rules); a figure made of demo values is marked illustrative. The rank is the
official one where a ranking was published or announced (par_index.official),
else the portal's recomputed one, and says which.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core import freshness
from core.collation import vi_key
from dashboards.overview_rows import KEY_RATES, Cell, Discipline, Overview, QuarterCell, QuarterSummary, Row, TargetInfo
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import REAL_APPROVALS, Aggregation, ReportStatus, ValueType
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue, Target
from digital_metrics.periods import Quarter
from digital_metrics.reports.figures import Entry, aggregate
from digital_metrics.reports.state import deadline
from onestop.selectors import differences
from par_index.models import Band, Framework, OfficialResult, UnitResult
from par_index.official import official_for
from par_index.selectors import previous_framework
from supervision.models import Recommendation
from wards.access import access_for
from wards.choices import Level
from wards.models import AdministrativeUnit, SupervisingBody

PAGE_SIZE = 50

# --- Which bodies, which period. ---------------------------------------------


def overview_bodies(user) -> list[SupervisingBody]:
    """The bodies whose overview the user may open: those they work in (any
    role but a ward's clerk), every body for a superuser; sorted by name.
    Read once per request, and from the cache (bodies and units change
    rarely; their saves bump the generation)."""
    found = getattr(user, "_overview_bodies", None)
    if found is not None:
        return found
    access = access_for(user)
    if not (access.is_superuser or access.member_body_ids):
        bodies = []
    else:
        who = "all" if access.is_superuser else sorted(access.member_body_ids)

        def compute() -> list[SupervisingBody]:
            qs = SupervisingBody.objects.select_related("unit", "unit__parent", "unit__parent__parent")
            if not access.is_superuser:
                qs = qs.filter(pk__in=access.member_body_ids)
            mine = access.member_body_ids
            return sorted(qs, key=lambda b: (b.pk not in mine, vi_key(b.name)))

        bodies = freshness.cached("overview-bodies", provinces=[], parts=[who], compute=compute)
    user._overview_bodies = bodies
    return bodies


def province_of(unit: AdministrativeUnit) -> AdministrativeUnit | None:
    """The province a body's unit belongs to (itself for a province)."""
    while unit is not None and unit.level != Level.PROVINCE:
        unit = unit.parent
    return unit


def parse_period(raw: str | None) -> tuple[int, int | None] | None:
    """ "2024" → (2024, None); "2024-Q1" → (2024, 1); anything else → None."""
    raw = (raw or "").strip().upper()
    year_text, _sep, quarter_text = raw.partition("-Q")
    if not (year_text.isdigit() and len(year_text) == 4):
        return None
    year = int(year_text)
    if not 2000 <= year <= 2100:
        return None
    if not _sep:
        return year, None
    if quarter_text in ("1", "2", "3", "4"):
        return year, int(quarter_text)
    return None


def default_year(body: SupervisingBody, today: datetime.date) -> int:
    """The latest year that has a ranking of the body's province (the yearly
    picture the council discusses), else this year (1 query, then cached)."""
    province = province_of(body.unit)

    def compute() -> int:
        if province is None:
            return today.year
        return (
            Framework.objects.filter(province=province, year__lte=today.year, results__isnull=False)
            .order_by("-year")
            .values_list("year", flat=True)
            .first()
        ) or today.year

    return freshness.cached(
        "overview-default-year", provinces=[province and province.pk], parts=[body.pk, today], compute=compute
    )


# --- The computation (cached). ---------------------------------------------


class _Value:
    """A stored value as figures.aggregate reads it (no ORM instance per value)."""

    __slots__ = ("value", "bound", "origin", "text_value")

    def __init__(self, value, bound, origin):
        self.value, self.bound, self.origin, self.text_value = value, bound, origin, ""


def _key_indicators(indicators: list[Indicator]) -> tuple[list[Indicator], dict[str, Indicator]]:
    """The key rates' indicators and every indicator they are computed from."""
    by_code = {i.code: i for i in indicators}
    rates: dict[str, Indicator] = {}
    for k in KEY_RATES:
        if k.numerator:
            num, den = by_code.get(k.numerator), by_code.get(k.denominator)
            if num is None or den is None:
                continue
            derived = Indicator(
                code=k.code,
                name_vi="Tỷ lệ hồ sơ thanh toán phí, lệ phí trực tuyến",
                name_en="Share of dossiers with fees paid online",
                unit="%",
                value_type=ValueType.RATE,
                aggregation=Aggregation.SUM,
            )
            derived.numerator, derived.denominator = num, den
            rates[k.code] = derived
        elif k.code in by_code:
            rates[k.code] = by_code[k.code]
    needed: dict[str, Indicator] = dict(rates)
    todo = list(rates.values())
    while todo:
        ind = todo.pop()
        parts = [ind.numerator, ind.denominator] if ind.is_ratio else list(ind.components.all())
        for part in parts:
            part = by_code.get(part.code)
            if part is not None and part.code not in needed:
                needed[part.code] = part
                todo.append(part)
    return list(needed.values()), rates


def _quarter_state(q: Quarter, report, today: datetime.date) -> QuarterCell:
    """On time, late, missing or not yet due: from when it was submitted
    (or, for a report approved without a submission on the portal — an
    import, the demo — when it was approved), against the quarter's deadline."""
    if q.start > today:
        return QuarterCell((q.year, q.quarter), Discipline.NONE)
    due = deadline(q)
    if report is not None:
        status, submitted_at, approved_at, origin = report
        if status == ReportStatus.APPROVED and origin not in REAL_APPROVALS:
            # The demo's approval dates are made up for the as-of views: never read as punctuality.
            return QuarterCell((q.year, q.quarter), Discipline.UNDATED, status)
        when = submitted_at or (approved_at if status == ReportStatus.APPROVED else None)
        if when is not None and status != ReportStatus.DRAFT:
            day = timezone.localtime(when).date() if timezone.is_aware(when) else when.date()
            state = Discipline.ON_TIME if day <= due else Discipline.LATE
            return QuarterCell((q.year, q.quarter), state, status, day)
    return QuarterCell((q.year, q.quarter), Discipline.MISSING if today > due else Discipline.NOT_DUE)


def compute(body: SupervisingBody, year: int, quarter: int | None, today: datetime.date) -> Overview:
    """The overview of ``body`` for the year (or the quarter), as of ``today``:
    a fixed number of queries (about 18, 20 when the one-stop system sent figures) whatever the number of units."""
    quarters = [Quarter(year, quarter)] if quarter else [Quarter(year, q) for q in (1, 2, 3, 4)]
    start, end = quarters[0].start, quarters[-1].end
    units_qs = AdministrativeUnit.objects.communes_under(body.unit_id).existed_during(start, end)
    unit_ids = units_qs.values("pk")  # a subquery in every read below

    rows: dict[int, Row] = {}
    spans = {}
    for pk, code, name, district, valid_from, valid_to in units_qs.values_list(
        "pk", "code", "name", "parent__name", "valid_from", "valid_to"
    ):
        parent = district if district and body.unit_id != pk else ""
        rows[pk] = Row(pk, code, name, parent, valid_to)
        spans[pk] = (valid_from, valid_to)

    overview = Overview(
        body_id=body.pk,
        body_name=body.name,
        year=year,
        quarter=quarter,
        quarters=[(q.year, q.quarter) for q in quarters],
        rows=[],
        summaries=[],
        targets={},
        rate_names={},
        rate_names_en={},
        computed_at=timezone.now(),
    )

    _par(overview, body, year, rows, unit_ids)
    _rates(overview, rows, unit_ids, quarters, end)
    _discipline(overview, rows, spans, unit_ids, quarters, today)
    _recommendations(body, rows, unit_ids, today)
    _onestop(rows, quarters)

    overview.rows = sorted(rows.values(), key=lambda r: vi_key(r.name))
    return overview


def _par(overview: Overview, body, year: int, rows: dict[int, Row], unit_ids) -> None:
    province = province_of(body.unit)
    framework = Framework.objects.filter(province=province, year=year).first() if province else None
    if framework is None:
        return
    overview.province_code, overview.framework_year = province.code, year
    colours = dict(Band.objects.filter(framework=framework).values_list("name", "colour"))
    for unit_id, index, band, rank, size in UnitResult.objects.filter(
        framework=framework, unit_id__in=unit_ids
    ).values_list("unit_id", "index_percent", "band", "rank", "cohort_size"):
        row = rows[unit_id]
        row.index, row.band, row.rank, row.cohort_size = index, band, rank, size
    published = official_for(framework)
    if published is not None:
        overview.official_decision = published.decision
        overview.official_source = published.source
        for unit_id, rank, size, index, band in OfficialResult.objects.filter(
            ranking=published, unit_id__in=unit_ids
        ).values_list("unit_id", "rank", "cohort_size", "index_percent", "band"):
            row = rows[unit_id]
            row.rank, row.cohort_size, row.rank_official = rank, size, True
            if index is not None:
                row.index = index
            if band:
                row.band = band
    for row in rows.values():
        row.band_colour = colours.get(row.band, "secondary")
    previous = previous_framework(framework)
    if previous is None:
        return
    before = dict(UnitResult.objects.filter(framework=previous, unit_id__in=unit_ids).values_list("unit_id", "rank"))
    last = official_for(previous)
    if last is not None:
        before.update(OfficialResult.objects.filter(ranking=last, unit_id__in=unit_ids).values_list("unit_id", "rank"))
    for unit_id, rank in before.items():
        row = rows[unit_id]
        if row.rank is not None:
            row.rank_change = rank - row.rank  # places gained (positive = up)


def _rates(overview: Overview, rows: dict[int, Row], unit_ids, quarters: list[Quarter], end) -> None:
    indicators, rates = _key_indicators(catalogue())
    overview.rate_names = {code: ind.name_vi for code, ind in rates.items()}
    overview.rate_names_en = {code: ind.name_en for code, ind in rates.items()}
    stored = [i.code for i in indicators if i.pk is not None]
    targets = (
        Target.objects.filter(indicator__code__in=list(rates), valid_from__lte=end)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=end))
        .select_related("indicator")
        .order_by("valid_from")
    )
    for t in targets:  # the latest in force at the end of the period
        overview.targets[t.indicator.code] = TargetInfo(t.comparison, t.value, t.source)
    period = Q(report__year=quarters[0].year)
    if len(quarters) == 1:
        period &= Q(report__quarter=quarters[0].quarter)
    values = (
        ReportValue.objects.filter(
            period,
            report__status=ReportStatus.APPROVED,  # the trust rule: approved figures only
            report__unit_id__in=unit_ids,
            indicator__code__in=stored,
            value__isnull=False,
        )
        .values_list("report__unit_id", "report__quarter", "indicator__code", "value", "bound", "origin")
        .order_by()
    )
    by_unit: dict[int, dict[int, dict]] = defaultdict(lambda: defaultdict(dict))
    for unit_id, q, code, value, bound, origin in values:
        by_unit[unit_id][q][code] = _Value(value, bound, origin)
    year = quarters[0].year
    wanted = list(rates.values())
    for unit_id, per_quarter in by_unit.items():
        entries = [Entry(unit_id, Quarter(year, q), vals) for q, vals in per_quarter.items()]
        figures = aggregate(indicators, entries, expected=len(quarters))
        row = rows[unit_id]
        for ind in wanted:
            fig = figures.get(ind.code)
            if fig is None or fig.value is None:
                continue
            target = overview.targets.get(ind.code)
            row.rates[ind.code] = Cell(
                value=fig.value,
                bound=fig.bound,
                status=target.as_target().status(fig.value) if target else None,
                illustrative=fig.is_illustrative,
                covered=fig.covered,
                expected=fig.expected,
            )


def _discipline(overview: Overview, rows: dict[int, Row], spans, unit_ids, quarters: list[Quarter], today) -> None:
    qs = QuarterlyReport.objects.filter(unit_id__in=unit_ids, year=quarters[0].year)
    if len(quarters) == 1:
        qs = qs.filter(quarter=quarters[0].quarter)
    reports = {
        (unit_id, q): (status, submitted_at, approved_at, origin)
        for unit_id, q, status, submitted_at, approved_at, origin in qs.values_list(
            "unit_id", "quarter", "status", "submitted_at", "approved_at", "origin"
        ).order_by()
    }
    summaries = {(q.year, q.quarter): QuarterSummary((q.year, q.quarter)) for q in quarters}
    for row in rows.values():
        for q in quarters:
            valid_from, valid_to = spans[row.unit_id]
            existed = (valid_to is None or valid_to >= q.start) and (valid_from is None or valid_from <= q.end)
            cell = (
                _quarter_state(q, reports.get((row.unit_id, q.quarter)), today)
                if existed
                else QuarterCell((q.year, q.quarter), Discipline.NONE)
            )
            row.quarters.append(cell)
            s = summaries[cell.quarter]
            if cell.state == Discipline.ON_TIME:
                s.on_time += 1
            elif cell.state == Discipline.LATE:
                s.late += 1
            elif cell.state == Discipline.MISSING:
                s.missing += 1
            elif cell.state == Discipline.NOT_DUE:
                s.not_due += 1
            elif cell.state == Discipline.UNDATED:
                s.undated += 1
            if cell.is_waiting:
                s.waiting += 1
            if cell.is_returned:
                s.returned += 1
    overview.summaries = [summaries[(q.year, q.quarter)] for q in quarters]


def _recommendations(body, rows: dict[int, Row], unit_ids, today) -> None:
    """Open and overdue recommendations of the body's supervisions, per unit addressed."""
    counts = (
        Recommendation.objects.open()
        .filter(supervision__body=body, addressee_unit_id__in=unit_ids)
        .values("addressee_unit_id")
        .annotate(open=Count("pk"), overdue=Count("pk", filter=Q(deadline__lt=today)))
        .order_by()
    )
    for c in counts:
        row = rows[c["addressee_unit_id"]]
        row.recs_open, row.recs_overdue = c["open"], c["overdue"]


def _onestop(rows: dict[int, Row], quarters: list[Quarter]) -> None:
    """How many approved figures of each unit differ from the one-stop system's
    beyond the tolerance, over the period's quarters (onestop.selectors.differences:
    3 queries whatever the units; 1 when the system sent nothing). Everyone who
    opens a body's overview follows its units, who may see the gaps."""
    for gap in differences(unit_ids=list(rows), quarters=quarters):
        rows[gap.unit_id].onestop_gaps += 1


def overview_for(body: SupervisingBody, year: int, quarter: int | None, today: datetime.date | None = None) -> Overview:
    """The overview, from the cache when nothing changed since it was computed."""
    today = today or timezone.localdate()
    province = province_of(body.unit)
    return freshness.cached(
        "overview",
        provinces=[province and province.pk],
        parts=[body.pk, year, quarter, today],
        compute=lambda: compute(body, year, quarter, today),
    )


# --- What the page shows of it: filter, search, sort (no query). --------------

FILTERS = {
    "": _("Tất cả"),
    "late": _("Có quý nộp muộn"),
    "missing": _("Có quý chưa nộp"),
    "waiting": _("Có báo cáo chờ duyệt"),
    "not_met": _("Có tỷ lệ chưa đạt mục tiêu"),
    "close": _("Có tỷ lệ gần đạt mục tiêu"),
    "overdue": _("Có kiến nghị quá hạn"),
    "onestop": _("Có số liệu lệch với hệ thống một cửa"),
}


def _matches(row: Row, status: str) -> bool:
    if status == "late":
        return row.late > 0
    if status == "missing":
        return row.missing > 0
    if status == "waiting":
        return row.waiting > 0
    if status in ("not_met", "close"):
        return any(c.status == status for c in row.rates.values())
    if status == "overdue":
        return row.recs_overdue > 0
    if status == "onestop":
        return row.onestop_gaps > 0
    return True


def fold(text: str) -> str:
    """Lower case without tone marks or diacritics, đ as d: "Xuất Hóa" → "xuat hoa"
    (what a search typed without Vietnamese input matches)."""
    import unicodedata

    text = (text or "").replace("đ", "d").replace("Đ", "D")
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn").casefold()


SORT_ATTRIBUTES = {"index", "rank", "rank_change", "recs_open", "recs_overdue", "late", "missing", "waiting"}
SORT_ATTRIBUTES |= {"on_time", "onestop_gaps"}
SORTS = {"name", "district"} | SORT_ATTRIBUTES | {k.code for k in KEY_RATES}


def _sort_value(row: Row, key: str):
    if key == "name":
        return vi_key(row.name)
    if key == "district":
        return vi_key(row.district)
    if key in SORT_ATTRIBUTES:
        return getattr(row, key)
    cell = row.rates.get(key)
    return cell.value if cell is not None else None


def select_rows(rows: list[Row], *, search: str = "", status: str = "", sort: str = "") -> list[Row]:
    """The rows the page (and its download) shows: searched by name (without
    regard to tone marks), filtered by ``status`` (a key of FILTERS), sorted by
    ``sort`` (a key of SORTS, "-" first for descending; units without a value last)."""
    needle = fold(search.strip())
    out = [r for r in rows if (not needle or needle in fold(r.name) or needle in fold(r.district))]
    if status in FILTERS:
        out = [r for r in out if _matches(r, status)]
    descending = sort.startswith("-")
    key = sort.lstrip("-")
    if key not in SORTS:
        return out  # already by name
    present = [r for r in out if _sort_value(r, key) is not None]
    absent = [r for r in out if _sort_value(r, key) is None]
    present.sort(key=lambda r: (_sort_value(r, key), vi_key(r.name)), reverse=descending)
    return present + absent
