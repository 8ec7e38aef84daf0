"""Reads of the PAR index: rankings of a scope-year and the "why this score"
breakdown of one unit. Query counts do not grow with the number of units."""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.http import Http404
from django.utils.translation import gettext as _

from core.collation import sort_vi
from core.numbers import format_number, format_percent
from digital_metrics.choices import ValueType
from par_index import engine, official
from par_index.choices import Cohort, Method, Part, Rule
from par_index.models import (
    Band,
    Criterion,
    Framework,
    OfficialRanking,
    OfficialResult,
    RecomputeState,
    Score,
    UnitResult,
)
from wards.models import AdministrativeUnit, SupervisingBody


def framework_for(scope: str, year: int) -> Framework:
    """The framework of the province coded ``scope`` for ``year`` (404 if none)."""
    framework = Framework.objects.select_related("province").filter(province__code=scope, year=year).first()
    if framework is None:
        raise Http404(
            _("Không có bộ tiêu chí chỉ số CCHC của tỉnh mã %(scope)s năm %(year)s.") % {"scope": scope, "year": year}
        )
    return framework


def previous_framework(framework: Framework) -> Framework | None:
    return Framework.objects.filter(province_id=framework.province_id, year=framework.year - 1).first()


@dataclass
class RankingRow:
    """A unit's line: its official result (if published) beside the portal's recomputed one."""

    unit: AdministrativeUnit
    result: UnitResult | None  # recomputed by the portal (None in an as-of view)
    band_colour: str
    previous_rank: int | None
    previous_size: int | None
    official: OfficialResult | None = None
    changes: list = field(default_factory=list)  # official.Change since the publication

    @property
    def rank(self) -> int:
        """The rank that orders the table: the official one where the ranking is, else the recomputed one."""
        return self.official.rank if self.official is not None else self.result.rank

    @property
    def differs(self) -> bool:
        return official.Standing(self.unit, self.official, self.result).differs

    @property
    def rank_change(self) -> int | None:
        """Places gained since last year (positive = up)."""
        if self.previous_rank is None:
            return None
        return self.previous_rank - self.rank


@dataclass
class Ranking:
    framework: Framework
    cohorts: list[tuple[str, list[RankingRow]]]
    stale: bool
    previous: Framework | None
    official: OfficialRanking | None = None
    on: datetime.date | None = None

    @property
    def rows(self) -> list[RankingRow]:
        return [row for _label, rows in self.cohorts for row in rows]

    @property
    def merged(self) -> bool:
        """The official ranking lists every unit (or the view is as of a day):
        one table, official columns first. Otherwise its few lines stand apart."""
        return self.official is not None and (self.official.is_complete or self.on is not None)

    @property
    def official_rows(self) -> list[RankingRow]:
        return [row for row in self.rows if row.official is not None]

    @property
    def changed(self) -> list[RankingRow]:
        """Rows whose recomputed result differs from the official one."""
        return [row for row in self.rows if row.differs]


def _previous_ranks(framework: Framework) -> tuple[Framework | None, dict]:
    """Last year's ranks by unit: the official ones where published, else the recomputed."""
    previous = previous_framework(framework)
    if previous is None:
        return None, {}
    before = {
        r[0]: (r[1], r[2])
        for r in UnitResult.objects.filter(framework=previous).values_list("unit_id", "rank", "cohort_size")
    }
    last = official.official_for(previous)
    if last is not None:
        before.update({r[0]: (r[1], r[2]) for r in last.results.values_list("unit_id", "rank", "cohort_size")})
    return previous, before


def ranking(framework: Framework, on: datetime.date | None = None, user=None) -> Ranking:
    """Every unit's result, grouped by cohort, best first: the official ranking
    with the recomputed one beside it, or (``on``) the official ranking in
    force at the end of that day alone. A constant number of queries."""
    colours = dict(Band.objects.filter(framework=framework).values_list("name", "colour"))
    previous, before = _previous_ranks(framework)
    published = official.official_for(framework, on)
    if on is not None:
        results = []
        lines = list(published.results.select_related("unit", "unit__parent")) if published else []
        standings = {o.unit_id: official.Standing(o.unit, o, None) for o in lines}
    else:
        results = list(UnitResult.objects.filter(framework=framework).select_related("unit", "unit__parent"))
        standings = official.standings(framework, published, results, user)
    grouped: dict[str, list[RankingRow]] = {}
    for st in sort_vi(standings.values(), key=lambda st: st.unit.name):
        prev = before.get(st.unit.pk, (None, None))
        line = st.current or st.official
        band = line.band if line is not None else ""
        row = RankingRow(st.unit, st.current, colours.get(band, "secondary"), prev[0], prev[1], st.official, st.changes)
        grouped.setdefault(line.cohort or Cohort.ALL, []).append(row)
    complete = published is not None and published.is_complete
    cohorts = []
    for key in [Cohort.ALL, Cohort.WARDS, Cohort.COMMUNES]:
        if key in grouped:
            # sort_vi above gives ties a stable Vietnamese name order; a partial
            # official ranking (a few units announced) keeps the recomputed order.
            if complete or on is not None:
                order = lambda row: row.rank  # noqa: E731
            else:
                order = lambda row: row.result.rank if row.result else row.rank  # noqa: E731
            cohorts.append((Cohort(key).label, sorted(grouped[key], key=order)))
    stale = on is None and RecomputeState.objects.filter(framework=framework, stale=True).exists()
    return Ranking(framework, cohorts, stale, previous, published, on)


def rule_text(c: Criterion, steps) -> str:
    if c.method == Method.MANUAL:
        if c.part == Part.SURVEY:
            return _("Điểm điều tra xã hội học")
        if c.part in (Part.BONUS, Part.PENALTY):
            return _("Tổ thẩm định chấm")
        return _("Tự đánh giá, tổ thẩm định chấm lại (điểm thẩm định được tính)")
    unit = "%" if c.indicator and c.indicator.value_type == ValueType.RATE else ""
    if c.rule == Rule.PROPORTIONAL:
        return _("Đủ %(max)s điểm khi đạt %(t)s; thấp hơn thì tính tỷ lệ: điểm = %(max)s × giá trị / %(t)s") % {
            "max": format_number(c.max_points),
            "t": format_percent(c.threshold) if unit else format_number(c.threshold),
        }
    parts = [
        _("từ %(v)s: %(p)s điểm")
        % {"v": format_percent(s.min_value) if unit else format_number(s.min_value), "p": format_number(s.points)}
        for s in steps
    ]
    return _("Theo bậc: %(steps)s") % {"steps": "; ".join(parts)}


@dataclass
class BreakdownRow:
    criterion: Criterion
    depth: int
    is_leaf: bool
    rule: str = ""
    input_text: str = ""
    self_points: Decimal | None = None
    appraised_points: Decimal | None = None
    points: Decimal | None = None
    score: Score | None = None
    evidence: list = field(default_factory=list)


@dataclass
class Breakdown:
    framework: Framework
    unit: object
    rows: list[BreakdownRow]
    result: UnitResult | None
    previous: UnitResult | None
    band_colour: str = "secondary"
    standing: object = None  # official.Standing, set by the caller that shows it

    @property
    def index_change(self) -> Decimal | None:
        if self.result is None or self.previous is None:
            return None
        return self.result.index_percent - self.previous.index_percent

    @property
    def rank_change(self) -> int | None:
        if self.result is None or self.previous is None:
            return None
        return self.previous.rank - self.result.rank


def _input_text(leaf: engine.LeafPoints | None, c: Criterion) -> str:
    if leaf is None or leaf.value is None:
        return _("chưa có số liệu đã duyệt")
    is_rate = c.indicator.value_type == ValueType.RATE
    if leaf.numerator is not None and leaf.denominator:
        return f"{format_number(leaf.numerator)}/{format_number(leaf.denominator)} = {format_percent(leaf.value)}"
    return format_percent(leaf.value) if is_rate else format_number(leaf.value)


def breakdown(framework: Framework, unit) -> Breakdown:
    """Every criterion with its input, rule, self and appraised points (7 queries)."""
    criteria = list(
        Criterion.objects.filter(framework=framework)
        .select_related("indicator")
        .prefetch_related("steps")
        .order_by("order", "pk")
    )
    scores = {
        s.criterion_id: s
        for s in Score.objects.filter(criterion__framework=framework, unit=unit).prefetch_related("evidence")
    }
    # Computed on demand with the recompute's own SQL (the full pass stores only totals).
    leaves = engine.leaf_points(framework, unit)
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    rows: list[BreakdownRow] = []

    def walk(parent_id, depth) -> Decimal:
        total = Decimal(0)
        for c in children.get(parent_id, []):
            row = BreakdownRow(c, depth, is_leaf=c.pk not in children)
            rows.append(row)
            if row.is_leaf:
                row.rule = rule_text(c, list(c.steps.all()))
                if c.method == Method.AUTOMATIC:
                    leaf = leaves.get(c.pk)
                    row.input_text = _input_text(leaf, c)
                    row.points = leaf.points if leaf else Decimal(0)
                else:
                    s = scores.get(c.pk)
                    if s is not None:
                        row.score, row.evidence = s, list(s.evidence.all())
                        row.self_points, row.appraised_points = s.self_points, s.appraised_points
                        chosen = s.appraised_points if s.appraised_points is not None else s.self_points
                        row.points = chosen
                sign = -1 if c.part == Part.PENALTY else 1
                total += sign * (row.points or 0)
            else:
                row.points = walk(c.pk, depth + 1)
                total += row.points
        return total

    walk(None, 0)
    result = UnitResult.objects.filter(framework=framework, unit=unit).first()
    previous = None
    prev_fw = previous_framework(framework)
    if prev_fw is not None:
        previous = UnitResult.objects.filter(framework=prev_fw, unit=unit).select_related("framework").first()
    colour = "secondary"
    if result is not None:
        colour = (
            Band.objects.filter(framework=framework, name=result.band).values_list("colour", flat=True).first()
            or colour
        )
    return Breakdown(framework, unit, rows, result, previous, colour)


def unit_in_scope(framework: Framework, code: str):
    """The commune-level unit coded ``code`` ranked by this framework (404 if not ranked in it)."""
    result = (
        UnitResult.objects.filter(framework=framework, unit__code=code).select_related("unit", "unit__parent").first()
    )
    if result is not None:
        return result.unit
    unit = (
        AdministrativeUnit.objects.communes_under(framework.province)
        .existed_during(datetime.date(framework.year, 1, 1), datetime.date(framework.year, 12, 31))
        .filter(code=code)
        .select_related("parent")
        .first()
    )
    if unit is None:
        raise Http404(_("Đơn vị mã %(code)s không thuộc phạm vi bộ tiêu chí này.") % {"code": code})
    return unit


def manual_leaves(framework: Framework, parts=None) -> list[Criterion]:
    qs = Criterion.objects.filter(framework=framework, method=Method.MANUAL, children__isnull=True)
    if parts:
        qs = qs.filter(part__in=parts)
    return list(qs.order_by("order", "pk"))


def frameworks_visible() -> list[Framework]:
    return list(Framework.objects.select_related("province").order_by("province__code", "-year"))


def breakdown_tree(framework: Framework) -> list[BreakdownRow]:
    """The framework's tree for the editor: every node with its depth and rule (3 queries)."""
    criteria = list(
        Criterion.objects.filter(framework=framework)
        .select_related("indicator")
        .prefetch_related("steps")
        .order_by("order", "pk")
    )
    children: dict[int | None, list[Criterion]] = {}
    for c in criteria:
        children.setdefault(c.parent_id, []).append(c)
    rows: list[BreakdownRow] = []

    def walk(parent_id, depth):
        for c in children.get(parent_id, []):
            is_leaf = c.pk not in children
            rows.append(BreakdownRow(c, depth, is_leaf, rule=rule_text(c, list(c.steps.all())) if is_leaf else ""))
            walk(c.pk, depth + 1)

    walk(None, 0)
    return rows


@dataclass(frozen=True)
class RankPoint:
    """A unit's place in its province's PAR ranking for a year: the official
    (published) rank where there is one, else the one recomputed by the portal."""

    year: int
    rank: int
    size: int
    index_percent: object
    band: str
    is_official: bool
    scope: str  # the province's code, as the ranking's URL takes it


def rank_history(unit_ids) -> dict[int, list[RankPoint]]:
    """Each unit's rank year by year, oldest first (3 queries, whatever the number of units)."""
    out: dict[int, list[RankPoint]] = {}
    for st in official.unit_standings(unit_ids):
        line = st.official or st.current
        out.setdefault(st.unit.pk, []).append(
            RankPoint(
                st.year,
                line.rank,
                line.cohort_size,
                line.index_percent,
                line.band,
                st.official is not None,
                st.framework.province.code,
            )
        )
    for points in out.values():
        points.sort(key=lambda p: p.year)
    return out


@dataclass
class BodyView:
    """A supervising body's own units within the province's ranking (the city's 8 among 108)."""

    body: SupervisingBody
    shown: int
    total: int
    history: dict[int, list[RankPoint]]


def within_body(data: Ranking, body: SupervisingBody) -> BodyView:
    """Keep only the body's units in ``data``'s tables, with their ranks in the
    whole province unchanged, and each one's rank history (5 queries)."""
    ids = set(body.supervised_units().values_list("pk", flat=True))
    total = len(data.rows)
    data.cohorts = [(label, [r for r in rows if r.unit.pk in ids]) for label, rows in data.cohorts]
    data.cohorts = [(label, rows) for label, rows in data.cohorts if rows]
    shown = [r.unit.pk for r in data.rows]
    return BodyView(body, len(shown), total, rank_history(shown) if shown else {})
