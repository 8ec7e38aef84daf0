"""Reads of what is published, for the public pages, the open data and the API.

Only rows a live Publication names are read: a supervision the body published,
an issued document it published, an official ranking it published (the frozen
OfficialRanking, never the recomputed results), the approved figures of a year
it released (approved reports only: drafts and figures pending review are
never read). No person is named: not who approved, entered, uploaded or
published; no progress note, no evidence file.

Each read is a fixed number of queries whatever the number of units,
supervisions, recommendations or years (tests/public/test_queries.py).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Max, Prefetch
from django.utils import timezone

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import Origin, ReportStatus
from digital_metrics.models import QuarterlyReport, Target
from digital_metrics.reports.figures import Figure, aggregate, entries_of, raw_values
from documents.choices import PaperStatus
from documents.models import Paper
from par_index.models import OfficialResult
from public.choices import PublicationKind
from public.models import Publication
from supervision.choices import FindingKind, RecommendationStatus
from supervision.models import Finding, Recommendation, Supervision
from wards.models import AdministrativeUnit, SupervisingBody


def local_day(at: datetime.datetime) -> datetime.date:
    return timezone.localtime(at).date()


@dataclass
class PublicBody:
    pk: int
    name: str
    area: str
    published: int
    last_published: datetime.date


def public_bodies() -> list[PublicBody]:
    """The bodies with something published, and how much (1 query)."""
    rows = (
        Publication.objects.active()
        .values("body_id", "body__name", "body__unit__name")
        .annotate(n=Count("pk"), last=Max("published_at"))
        .order_by("body__name")
    )
    return [
        PublicBody(r["body_id"], r["body__name"], r["body__unit__name"], r["n"], local_day(r["last"])) for r in rows
    ]


@dataclass
class RankingLine:
    year: int
    unit: AdministrativeUnit
    rank: int
    cohort_size: int
    cohort: str
    index_percent: Decimal | None
    band: str
    note: str
    decision: str
    decision_date: datetime.date | None
    source: str
    published_on: datetime.date  # the council's publication


@dataclass
class KeyIndicator:
    indicator: object
    target: Target | None

    @property
    def code(self) -> str:
        return self.indicator.code


@dataclass
class FigureRow:
    unit: AdministrativeUnit
    figures: list  # Figure | None, in the order of the release's indicators


@dataclass
class FigureRelease:
    year: int
    published_on: datetime.date
    indicators: list[KeyIndicator]
    rows: list[FigureRow]


@dataclass
class PublicRecommendation:
    rec: Recommendation
    today: datetime.date

    @property
    def overdue(self) -> bool:
        return self.rec.is_overdue(self.today)


@dataclass
class PublicSupervision:
    supervision: Supervision
    published_on: datetime.date
    conclusions: list[str]
    recommendations: list[PublicRecommendation]
    papers: list[Paper]
    unit_ids: set[int]


@dataclass
class BodyPage:
    body: SupervisingBody
    units: list[AdministrativeUnit]
    rankings: list[RankingLine] = field(default_factory=list)
    releases: list[FigureRelease] = field(default_factory=list)
    supervisions: list[PublicSupervision] = field(default_factory=list)
    last_published: datetime.date | None = None

    def for_unit(self, unit: AdministrativeUnit) -> "BodyPage":
        """The same page narrowed to one unit: its ranks, its figures, the supervisions that covered it."""
        sups = []
        for s in self.supervisions:
            recs = [r for r in s.recommendations if r.rec.addressee_unit_id == unit.pk]
            if unit.pk in s.unit_ids or recs:
                sups.append(PublicSupervision(s.supervision, s.published_on, s.conclusions, recs, s.papers, s.unit_ids))
        return BodyPage(
            self.body,
            [unit],
            [r for r in self.rankings if r.unit.pk == unit.pk],
            [
                FigureRelease(f.year, f.published_on, f.indicators, [row for row in f.rows if row.unit.pk == unit.pk])
                for f in self.releases
            ],
            sups,
            self.last_published,
        )


def body_page(body_pk: int) -> BodyPage | None:
    """Everything the body published (a fixed number of queries: at most 16)."""
    body = SupervisingBody.objects.select_related("unit").filter(pk=body_pk).first()
    if body is None:
        return None
    publications = list(Publication.objects.active().filter(body=body).select_related("ranking__framework"))
    if not publications:
        return None
    units = sorted(body.supervised_units().select_related("parent"), key=lambda u: (u.code, u.pk))
    page = BodyPage(body, units, last_published=local_day(max(p.published_at for p in publications)))
    by_kind = defaultdict(list)
    for p in publications:
        by_kind[p.kind].append(p)
    page.rankings = _rankings(by_kind[PublicationKind.RANKING], units)
    page.releases = _releases(by_kind[PublicationKind.FIGURES], units)
    page.supervisions = _supervisions(by_kind[PublicationKind.SUPERVISION], by_kind[PublicationKind.PAPER])
    return page


def _rankings(publications, units) -> list[RankingLine]:
    if not publications:
        return []
    published_on = {p.ranking_id: local_day(p.published_at) for p in publications}
    by_unit = {u.pk: u for u in units}
    lines = []
    for o in OfficialResult.objects.filter(ranking_id__in=published_on, unit_id__in=by_unit).select_related(
        "ranking__framework"
    ):
        r = o.ranking
        lines.append(
            RankingLine(
                year=r.framework.year,
                unit=by_unit[o.unit_id],
                rank=o.rank,
                cohort_size=o.cohort_size,
                cohort=o.get_cohort_display() if o.cohort else "",
                index_percent=o.index_percent,
                band=o.band,
                note=o.note,
                decision=r.decision,
                decision_date=r.decision_date,
                source=r.get_source_display(),
                published_on=published_on[o.ranking_id],
            )
        )
    return sorted(lines, key=lambda line: (-line.year, line.rank, line.unit.name))


# The key figures a citizen reads, beside every indicator with a target in force.
KEY_CODES = (
    "dossiers_received",
    "dossiers_resolved",
    "dossiers_on_time_rate",
    "dossiers_online_full_rate",
    "copy_certification_electronic_rate",
    "satisfaction_rate",
)


def key_indicators(indicators, targets, year: int) -> list[KeyIndicator]:
    """The key indicators and those with a target in force at the end of ``year``, in catalogue order."""
    end = datetime.date(year, 12, 31)
    in_force = {}
    for t in sorted(targets, key=lambda t: t.valid_from):
        if t.valid_from <= end and (t.valid_to is None or t.valid_to >= end):
            in_force[t.indicator_id] = t
    return [KeyIndicator(i, in_force.get(i.pk)) for i in indicators if i.pk in in_force or i.code in KEY_CODES]


def _releases(publications, units) -> list[FigureRelease]:
    if not publications or not units:
        return []
    years = sorted({p.year for p in publications}, reverse=True)
    indicators = catalogue()
    targets = list(Target.objects.all())
    unit_ids = [u.pk for u in units]
    # Approved reports only: a draft, a submitted or a returned report is never read here.
    reports = list(
        QuarterlyReport.objects.filter(unit_id__in=unit_ids, year__in=years, status=ReportStatus.APPROVED).only(
            "pk", "unit_id", "year", "quarter", "approved_at"
        )
    )
    values = raw_values([r.pk for r in reports])
    grouped = defaultdict(list)
    for r in reports:
        grouped[(r.year, r.unit_id)].append(r)
    published_on = {p.year: local_day(p.published_at) for p in publications}
    releases = []
    for year in years:
        keys = key_indicators(indicators, targets, year)
        rows = []
        for unit in units:
            mine = grouped.get((year, unit.pk), [])
            if not mine:
                continue
            # The whole catalogue: a rate needs its numerator and denominator, a total its parts.
            figures = aggregate(indicators, entries_of(mine, values), expected=4)
            rows.append(FigureRow(unit, [figures.get(k.code) for k in keys]))
        releases.append(FigureRelease(year, published_on[year], keys, rows))
    return releases


def _supervisions(publications, paper_publications) -> list[PublicSupervision]:
    if not publications:
        return []
    published_on = {p.supervision_id: local_day(p.published_at) for p in publications}
    published_papers = {p.paper_id for p in paper_publications}
    sups = (
        Supervision.objects.filter(pk__in=published_on)
        .select_related("body")
        .prefetch_related(
            "units",
            Prefetch(
                "findings", queryset=Finding.objects.filter(kind=FindingKind.CONCLUSION), to_attr="public_conclusions"
            ),
            Prefetch(
                "recommendations",
                queryset=Recommendation.objects.select_related("addressee_unit", "addressee_body").order_by(
                    "number", "pk"
                ),
                to_attr="public_recommendations",
            ),
            # Issued and published only: a draft is never listed, even if a row named it.
            Prefetch(
                "papers",
                queryset=Paper.objects.filter(pk__in=published_papers, status=PaperStatus.ISSUED).order_by(
                    "kind", "-version"
                ),
                to_attr="public_papers",
            ),
        )
        .order_by("-date", "-pk")
    )
    today = timezone.localdate()
    return [
        PublicSupervision(
            s,
            published_on[s.pk],
            [f.text for f in s.public_conclusions],
            [PublicRecommendation(r, today) for r in s.public_recommendations],
            s.public_papers,
            {u.pk for u in s.units.all()},
        )
        for s in sups
    ]


def published_paper(pk: int) -> Paper | None:
    """An issued document whose publication and whose supervision's publication are live (1 query)."""
    live = Publication.objects.active()
    return (
        Paper.objects.filter(pk=pk, status=PaperStatus.ISSUED)
        .filter(pk__in=live.filter(kind=PublicationKind.PAPER).values("paper_id"))
        .filter(supervision__in=live.filter(kind=PublicationKind.SUPERVISION).values("supervision_id"))
        .first()
    )


def unit_of(page: BodyPage, code: str) -> AdministrativeUnit | None:
    return next((u for u in page.units if u.code == code), None)


# Open data ------------------------------------------------------------------


def _bodies_published() -> list[int]:
    return list(Publication.objects.active().values_list("body_id", flat=True).distinct().order_by("body_id"))


def all_pages() -> list[BodyPage]:
    """Every body's page (a fixed number of queries per body with publications)."""
    return [p for p in (body_page(pk) for pk in _bodies_published()) if p is not None]


def origin_of(fig: Figure | None) -> str:
    """demo (minh họa), article (the source article), system (the one-stop system), approved, or ""."""
    if fig is None or fig.is_empty:
        return ""
    if fig.is_illustrative:
        return "demo"
    origins = {s.origin for s in fig.sources}
    if origins & {Origin.SEED, Origin.SPLIT}:
        return "article"
    if Origin.SYSTEM in origins:
        return "system"
    return "approved"


def status_label(status: str) -> str:
    return str(RecommendationStatus(status).label)
