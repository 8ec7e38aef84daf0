"""Where exported (and drafted) figures come from. Each source sits behind ONE
function, so that changing where it comes from is a change here alone:

- ``ranking_rows``: today the recomputed ranking (par_index.UnitResult); to be
  pointed at the frozen official rankings when they exist.
- ``value_sources``: today a value's source is its report's (origin, approver,
  time of approval); to become per value when values carry their own.

The exports, the supervision documents' PAR history and the benchmarks all read
through these two functions.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digital_metrics.choices import Origin
from digital_metrics.models import QuarterlyReport
from par_index.choices import Cohort
from par_index.models import UnitResult


@dataclass(frozen=True)
class RankingRecord:
    unit_id: int
    year: int
    province_id: int
    framework: str
    is_example: bool
    cohort: str
    points: Decimal
    maximum: Decimal
    index_percent: Decimal
    band: str
    rank: int
    cohort_size: int
    previous_rank: int | None
    previous_size: int | None
    computed_at: datetime.datetime | None

    @property
    def source(self) -> str:
        text = _("Bộ tiêu chí “%(name)s”, kết quả tính lại tự động") % {"name": self.framework}
        if self.computed_at:
            text += " " + _("lúc %(at)s") % {"at": f"{timezone.localtime(self.computed_at):%H:%M %d/%m/%Y}"}
        if self.is_example:
            text += " " + _("(bộ tiêu chí ví dụ, minh họa)")
        return text


def ranking_rows(*, unit_ids=None, year: int | None = None) -> list[RankingRecord]:
    """The ranking rows of ``unit_ids`` (a queryset or list; None: every unit) in
    ``year`` (None: every year), each with last year's rank; ordered by year,
    province, cohort and rank (2 queries)."""
    results = UnitResult.objects.all()
    if unit_ids is not None:
        results = results.filter(unit_id__in=unit_ids)
    if year is not None:
        results = results.filter(framework__year__in=[year, year - 1])
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
    labels = dict(Cohort.choices)
    out = []
    for r in rows:
        if year is not None and r[1] != year:
            continue
        prev = before.get((r[0], r[1] - 1), (None, None))
        out.append(
            RankingRecord(r[0], r[1], r[2], r[3], r[4], str(labels.get(r[5], r[5])), *r[6:12], prev[0], prev[1], r[12])
        )
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

    def label(self) -> str:
        """ "Số liệu thật (bài báo); duyệt bởi admin lúc 15/04/2024 09:00" """
        parts = [self.origin_label]
        if self.approved_at:
            parts.append(
                _("duyệt bởi %(by)s lúc %(at)s")
                % {
                    "by": self.approved_by or "—",
                    "at": formats.date_format(timezone.localtime(self.approved_at), "SHORT_DATETIME_FORMAT"),
                }
            )
        return "; ".join(parts)


def value_sources(report_ids) -> dict[int, Source]:
    """{report id: Source} for the given reports (ids, or a queryset of them): 1 query."""
    rows = QuarterlyReport.objects.filter(pk__in=report_ids).values_list(
        "pk", "origin", "approved_at", "approved_by__username", "approved_by__first_name", "approved_by__last_name"
    )
    labels = {value: str(label) for value, label in Origin.choices}
    out = {}
    for pk, origin, at, username, first, last in rows:
        name = " ".join(p for p in (last, first) if p) or username or ""
        out[pk] = Source(origin, labels.get(origin, origin), name, at)
    return out
