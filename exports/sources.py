"""Where exported (and drafted) figures come from. Each source sits behind ONE
function, so that changing where it comes from is a change here alone:

- ``ranking_rows``: the official ranking of each scope-year where one was
  published (par_index.official: frozen, possibly for some units only), the
  portal's recomputed result beside it, and the recomputed one alone where
  nothing was published.
- ``value_sources``: a report's approver and time of approval, and the origin
  of its values (each value carries its own: the report's main origin, and
  the indicators whose values come from elsewhere).

The exports, the supervision documents' PAR history and the benchmarks all read
through these two functions.
"""

import dataclasses
import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digital_metrics.choices import REAL_APPROVALS, Origin
from digital_metrics.models import QuarterlyReport, ReportValue
from par_index.choices import Cohort
from par_index.models import OfficialRanking, OfficialResult, UnitResult


@dataclass(frozen=True)
class RankingRecord:
    unit_id: int
    year: int
    province_id: int
    framework: str
    is_example: bool
    cohort: str
    points: Decimal | None
    maximum: Decimal | None
    index_percent: Decimal | None
    band: str
    rank: int
    cohort_size: int
    previous_rank: int | None
    previous_size: int | None
    computed_at: datetime.datetime | None
    official: str = ""  # the publication the rank comes from; "" = the portal's recomputed result
    computed_rank: int | None = None  # beside an official rank: the portal's recomputed one
    computed_size: int | None = None

    @property
    def is_official(self) -> bool:
        return bool(self.official)

    @property
    def source(self) -> str:
        if self.official:
            text = _("Kết quả chính thức: %(doc)s") % {"doc": self.official}
            if self.computed_rank is not None and (self.computed_rank, self.computed_size) != (
                self.rank,
                self.cohort_size,
            ):
                text += "; " + _("kết quả tính lại trên cổng: hạng %(r)s/%(n)s") % {
                    "r": self.computed_rank,
                    "n": self.computed_size,
                }
            return text
        text = _("Bộ tiêu chí “%(name)s”, kết quả tính lại tự động") % {"name": self.framework}
        if self.computed_at:
            text += " " + _("lúc %(at)s") % {"at": f"{timezone.localtime(self.computed_at):%H:%M %d/%m/%Y}"}
        if self.is_example:
            text += " " + _("(bộ tiêu chí ví dụ, minh họa)")
        return text


def _official_lines(results) -> dict[tuple[int, int], tuple]:
    """{(year, unit id): (rank, size, points, maximum, index, band, publication)} of the
    official ranking in force of each framework the results belong to (2 queries)."""
    in_force: dict[int, OfficialRanking] = {}
    for ranking in OfficialRanking.objects.filter(framework__in=results.values("framework_id")).order_by(
        "published_at", "pk"
    ):
        in_force[ranking.framework_id] = ranking  # the last publication wins
    lines = OfficialResult.objects.filter(
        ranking__in=[r.pk for r in in_force.values()], unit_id__in=results.values("unit_id")
    ).values_list(
        "ranking__framework__year",
        "unit_id",
        "rank",
        "cohort_size",
        "points",
        "maximum",
        "index_percent",
        "band",
        "ranking_id",
    )
    titles = {r.pk: (r.decision or str(r.get_source_display())) for r in in_force.values()}
    return {(y, u): (*rest, titles[ranking]) for y, u, *rest, ranking in lines}


def ranking_rows(*, unit_ids=None, year: int | None = None) -> list[RankingRecord]:
    """The ranking rows of ``unit_ids`` (a queryset or list; None: every unit) in
    ``year`` (None: every year), each with last year's rank: the official result
    where one was published (its rank, index and publication; the recomputed rank
    beside it), else the portal's recomputed one; ordered by year, province,
    cohort and rank (4 queries)."""
    results = UnitResult.objects.all()
    if unit_ids is not None:
        results = results.filter(unit_id__in=unit_ids)
    if year is not None:
        results = results.filter(framework__year__in=[year, year - 1])
    official = _official_lines(results)
    rows = list(
        results.order_by("framework__year", "framework__province__code", "cohort", "rank", "unit__code").values_list(
            "unit_id",
            "framework__year",
            "framework__province_id",
            "framework__name",
            "framework__is_example",
            "cohort",
            "points",
            "maximum",
            "index_percent",
            "band",
            "rank",
            "cohort_size",
            "run__finished_at",
        )
    )
    before = {(r[0], r[1]): (r[10], r[11]) for r in rows}
    before.update({(unit, year_): line[:2] for (year_, unit), line in official.items()})
    labels = dict(Cohort.choices)
    out = []
    for r in rows:
        if year is not None and r[1] != year:
            continue
        prev = before.get((r[0], r[1] - 1), (None, None))
        record = RankingRecord(
            r[0], r[1], r[2], r[3], r[4], str(labels.get(r[5], r[5])), *r[6:12], prev[0], prev[1], r[12]
        )
        line = official.get((r[1], r[0]))
        if line is not None:
            rank, size, points, maximum, index, band, publication = line
            record = dataclasses.replace(
                record,
                rank=rank,
                cohort_size=size,
                points=points,
                maximum=maximum,
                index_percent=index,
                band=band,
                official=publication,
                computed_rank=r[10],
                computed_size=r[11],
            )
        out.append(record)
    if official:  # official ranks reorder their cohort
        out.sort(key=lambda rec: (rec.year, rec.province_id, rec.cohort, rec.rank))
    return out


@dataclass(frozen=True)
class Source:
    """Where a report's approved values come from."""

    origin: str  # Origin value
    origin_label: str
    approved_by: str
    approved_at: datetime.datetime | None
    by_indicator: dict = field(default_factory=dict)  # {indicator code: source text}, when values carry their own

    @property
    def is_demo(self) -> bool:
        return self.origin == Origin.DEMO

    @property
    def approval_is_real(self) -> bool:
        """Who approved and when, for values someone entered (or the one-stop system sent);
        the demo's reports carry an approval date made up for its as-of views."""
        return self.origin in REAL_APPROVALS

    def label(self, *, whole_year: bool = False) -> str:
        """ "Số liệu thật (bài báo); duyệt bởi admin lúc 15/04/2024 09:00". ``whole_year``: said of
        a whole year's sum, where an article's yearly total shared out over quarters is real again."""
        parts = [self.origin_label]
        if whole_year and self.origin == Origin.SPLIT:
            parts = [str(Origin.SEED.label)]
        if self.approved_at and self.approval_is_real:
            parts.append(
                _("duyệt bởi %(by)s lúc %(at)s")
                % {
                    "by": self.approved_by or "—",
                    "at": formats.date_format(timezone.localtime(self.approved_at), "SHORT_DATETIME_FORMAT"),
                }
            )
        if self.by_indicator:
            parts.append(
                _("riêng %(codes)s: %(labels)s")
                % {
                    "codes": ", ".join(self.by_indicator),
                    "labels": ", ".join(sorted(set(self.by_indicator.values()))),
                }
            )
        return "; ".join(parts)


def value_sources(report_ids) -> dict[int, Source]:
    """{report id: Source} for the given reports (ids, or a queryset of them):
    who approved it and when, the origin most of its values have, and the
    indicators whose values have another (3 queries)."""
    rows = QuarterlyReport.objects.filter(pk__in=report_ids).values_list(
        "pk", "origin", "approved_at", "approved_by__username", "approved_by__first_name", "approved_by__last_name"
    )
    counts: dict[int, Counter] = {}
    for report_id, origin, n in (
        ReportValue.objects.filter(report__in=report_ids)
        .values_list("report_id", "origin")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        counts.setdefault(report_id, Counter())[origin] = n
    main = {pk: c.most_common(1)[0][0] for pk, c in counts.items()}
    mixed = [pk for pk, c in counts.items() if len(c) > 1]
    others: dict[int, dict[str, str]] = {}
    labels = {value: str(label) for value, label in Origin.choices}
    if mixed:
        for report_id, code, origin in ReportValue.objects.filter(report__in=mixed).values_list(
            "report_id", "indicator__code", "origin"
        ):
            if origin != main[report_id]:
                others.setdefault(report_id, {})[code] = labels.get(origin, origin)
    out = {}
    for pk, origin, at, username, first, last in rows:
        origin = main.get(pk, origin)
        name = " ".join(p for p in (last, first) if p) or username or ""
        out[pk] = Source(origin, labels.get(origin, origin), name, at, others.get(pk, {}))
    return out
