"""What each export holds: its columns and its rows, streamed.

A ``Request`` names the dataset, the format, the scope (a unit, or None for
the whole country), the year and the quarter. Each dataset gives its columns
(core.spreadsheets.Column: typed) and yields its rows in that order; the
writer (XLSX or CSV) does not know which dataset it writes.

Values are approved figures only: rows come from approved reports, nothing
else is read.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from core.spreadsheets import DATE, DATETIME, DECIMAL, INT, PERCENT, TEXT, Column
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import Bound, ReportStatus, ValueType
from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.periods import quarter_label
from exports.choices import Dataset
from exports.sources import ranking_rows, value_sources
from supervision.choices import RecommendationStatus
from supervision.models import Recommendation
from wards.choices import Level
from wards.models import AdministrativeUnit

Progress = Callable[[int, int, str], None]


def no_progress(done: int, total: int, step: str = "") -> None:
    return None


@dataclass(frozen=True)
class Request:
    dataset: str
    format: str
    scope: AdministrativeUnit | None  # None: the whole country
    year: int | None = None
    quarter: int | None = None

    def params(self) -> dict:
        return {
            "dataset": self.dataset,
            "format": self.format,
            "scope": self.scope.pk if self.scope else None,
            "year": self.year,
            "quarter": self.quarter,
        }

    @classmethod
    def from_params(cls, params: dict) -> "Request":
        scope = AdministrativeUnit.objects.get(pk=params["scope"]) if params.get("scope") else None
        return cls(params["dataset"], params["format"], scope, params.get("year"), params.get("quarter"))

    @property
    def scope_label(self) -> str:
        return self.scope.name if self.scope else _("Cả nước")

    @property
    def period_label(self) -> str:
        if self.year and self.quarter:
            return quarter_label(self.year, self.quarter)
        return _("năm %(year)s") % {"year": self.year} if self.year else _("mọi năm")

    @property
    def label(self) -> str:
        return f"{Dataset(self.dataset).label} – {self.scope_label} – {self.period_label}"

    @property
    def filename(self) -> str:
        period = f"{self.year}" if self.year else "all"
        if self.quarter:
            period += f"-q{self.quarter}"
        scope = self.scope.code if self.scope else "ca-nuoc"
        return f"{self.dataset}_{scope}_{period}.{self.format}"

    @property
    def is_large(self) -> bool:
        """A province or the whole country: run as a background job."""
        return self.scope is None or self.scope.level == Level.PROVINCE


def communes_in(scope: AdministrativeUnit | None):
    """The commune-level units of the scope, as a queryset (None: every commune)."""
    if scope is None:
        return AdministrativeUnit.objects.communes()
    return AdministrativeUnit.objects.communes_under(scope)


def unit_columns() -> list[Column]:
    return [
        Column("province_code", _("Mã tỉnh"), TEXT, 8),
        Column("province", _("Tỉnh, thành phố"), TEXT, 18),
        Column("district_code", _("Mã huyện"), TEXT, 9),
        Column("district", _("Quận, huyện, thị xã, thành phố"), TEXT, 20),
        Column("code", _("Mã đơn vị cấp xã"), TEXT, 10),
        Column("name", _("Xã, phường, thị trấn"), TEXT, 22),
    ]


def unit_info(units) -> dict[int, tuple]:
    """{unit id: (province code, province, district code, district, code, name)} as valid then (1 query)."""
    rows = AdministrativeUnit.objects.filter(pk__in=units).values_list(
        "pk",
        "code",
        "name",
        "parent__level",
        "parent__code",
        "parent__name",
        "parent__parent__code",
        "parent__parent__name",
    )
    out = {}
    for pk, code, name, parent_level, p_code, p_name, gp_code, gp_name in rows:
        if parent_level == Level.DISTRICT:
            out[pk] = (gp_code, gp_name, p_code, p_name, code, name)
        else:  # after 2025, communes sit directly under their province
            out[pk] = (p_code or "", p_name or "", "", "", code, name)
    return out


class ValuesDataset:
    """A row per unit-quarter: every approved value, with its source."""

    CHUNK = 2000  # reports read per query of values (62.000 values): bounded memory, few round trips

    def __init__(self):
        self.indicators = [i for i in catalogue() if i.is_entered]

    def columns(self, request: Request) -> list[Column]:
        kinds = {ValueType.COUNT: INT, ValueType.RATE: PERCENT, ValueType.TEXT: TEXT}
        cols = unit_columns() + [Column("year", _("Năm"), INT, 7), Column("quarter", _("Quý"), INT, 6)]
        for ind in self.indicators:
            unit = f" ({ind.unit})" if ind.unit else ""
            cols.append(Column(ind.code, f"{ind.name_vi}{unit} [{ind.code}]", kinds[ind.value_type], 16))
        return cols + [
            Column("bounds", _("Giá trị ghi là cận (trên/dưới)"), TEXT, 24),
            Column("origin", _("Nguồn số liệu"), TEXT, 20),
            Column("approved_by", _("Người duyệt"), TEXT, 16),
            Column("approved_at", _("Duyệt lúc"), DATETIME, 17),
            Column("sources", _("Nguồn theo từng chỉ tiêu"), TEXT, 24),
        ]

    def reports(self, request: Request):
        reports = QuarterlyReport.objects.filter(status=ReportStatus.APPROVED, year=request.year)
        if request.quarter:
            reports = reports.filter(quarter=request.quarter)
        if request.scope is not None:
            reports = reports.filter(unit__in=communes_in(request.scope))
        return reports

    def estimate(self, request: Request) -> int:
        return self.reports(request).count()

    def rows(self, request: Request, *, user=None, progress: Progress = no_progress) -> Iterator[tuple]:
        reports = self.reports(request)
        units = unit_info(reports.values("unit_id"))
        order = sorted(
            reports.values_list("pk", "unit_id", "year", "quarter"),
            key=lambda r: (units[r[1]][0], units[r[1]][2], units[r[1]][4], r[2], r[3]),
        )
        sources = value_sources(reports.values("pk"))
        by_id = {ind.pk: i for i, ind in enumerate(self.indicators)}
        names = {ind.pk: ind.name_vi for ind in self.indicators}
        bound_words = {Bound.ABOVE: _("trên"), Bound.BELOW: _("dưới")}
        width = len(self.indicators)
        total = len(order)
        for start in range(0, total, self.CHUNK):
            chunk = order[start : start + self.CHUNK]
            ids = [r[0] for r in chunk]
            values: dict[int, list] = {pk: [None] * width for pk in ids}
            bounds: dict[int, list[str]] = {}
            for report_id, indicator_id, value, text, bound in _values_of(ids):
                slot = by_id.get(indicator_id)
                if slot is None:
                    continue
                values[report_id][slot] = value if value is not None else (text or None)
                if bound and value is not None:
                    bounds.setdefault(report_id, []).append(f"{names[indicator_id]}: {bound_words[bound]} {value}")
            for pk, unit_id, year, quarter in chunk:
                source = sources[pk]
                by_indicator = "; ".join(f"{k}: {v}" for k, v in source.by_indicator.items())
                yield (
                    *units[unit_id],
                    year,
                    quarter,
                    *values[pk],
                    "; ".join(bounds.get(pk, [])),
                    source.origin_label,
                    *((source.approved_by, source.approved_at) if source.approval_is_real else ("", None)),
                    by_indicator,
                )
            done = start + len(chunk)
            progress(done, total, _("Đã ghi %(n)s/%(total)s dòng") % {"n": done, "total": total})


def _values_of(report_ids: list[int]):
    """(report, indicator, value, text, bound) of the given reports, in one statement.

    Raw SQL for the country-wide export's sake: on PostgreSQL ``= ANY(array)``
    is one parameter where the ORM's IN of 2.000 placeholders costs as much to
    parse and plan as to read (4,1 s against 2,3 s for the 1,2 million values)."""
    table = ReportValue._meta.db_table
    columns = ", ".join(
        connection.ops.quote_name(ReportValue._meta.get_field(f).column)
        for f in ("report", "indicator", "value", "text_value", "bound")
    )
    report = connection.ops.quote_name(ReportValue._meta.get_field("report").column)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {report} = ANY(%s)", [report_ids])  # noqa: S608 - names from the model
        else:
            marks = ", ".join(["%s"] * len(report_ids))
            cursor.execute(f"SELECT {columns} FROM {table} WHERE {report} IN ({marks})", report_ids)  # noqa: S608
        rows = cursor.fetchall()
    if connection.vendor != "postgresql":  # SQLite gives ints or floats for decimals
        return [(r, i, None if v is None else Decimal(str(v)), t, b) for r, i, v, t, b in rows]
    return rows


class RankingsDataset:
    """The PAR index ranking rows of the scope's communes in a year."""

    def columns(self, request: Request) -> list[Column]:
        return [
            Column("year", _("Năm"), INT, 7),
            *unit_columns(),
            Column("cohort", _("Khối xếp hạng"), TEXT, 18),
            Column("points", _("Tổng điểm"), DECIMAL, 10),
            Column("maximum", _("Điểm tối đa"), DECIMAL, 10),
            Column("index", _("Chỉ số CCHC"), PERCENT, 10),
            Column("band", _("Xếp loại"), TEXT, 12),
            Column("rank", _("Thứ hạng"), INT, 9),
            Column("cohort_size", _("Số đơn vị cùng khối"), INT, 10),
            Column("previous_rank", _("Thứ hạng năm trước"), INT, 10),
            Column("official", _("Kết quả chính thức theo"), TEXT, 30),
            Column("computed_rank", _("Thứ hạng tính lại trên cổng"), INT, 10),
            Column("source", _("Nguồn"), TEXT, 40),
        ]

    def records(self, request: Request):
        units = None if request.scope is None else communes_in(request.scope).values("pk")
        return ranking_rows(unit_ids=units, year=request.year)

    def estimate(self, request: Request) -> int:
        return len(self.records(request))

    def rows(self, request: Request, *, user=None, progress: Progress = no_progress) -> Iterator[tuple]:
        records = self.records(request)
        units = unit_info({r.unit_id for r in records})
        for i, r in enumerate(records, 1):
            yield (
                r.year,
                *units[r.unit_id],
                r.cohort,
                r.points,
                r.maximum,
                r.index_percent,
                r.band,
                r.rank,
                r.cohort_size,
                r.previous_rank,
                r.official,
                r.computed_rank if r.is_official else r.rank,
                r.source,
            )
            if i % 1000 == 0:
                progress(i, len(records), "")


class RecommendationsDataset:
    """The register of recommendations: text, addressee, deadline, status and its dates."""

    def columns(self, request: Request) -> list[Column]:
        return [
            Column("body", _("Cơ quan giám sát"), TEXT, 22),
            Column("supervision", _("Cuộc giám sát"), TEXT, 40),
            Column("kind", _("Hình thức"), TEXT, 16),
            Column("date", _("Ngày giám sát"), DATE, 12),
            Column("number", _("Số thứ tự"), INT, 7),
            Column("text", _("Nội dung kiến nghị"), TEXT, 60),
            Column("addressee", _("Đơn vị, cơ quan thực hiện"), TEXT, 24),
            Column("addressee_code", _("Mã đơn vị thực hiện"), TEXT, 10),
            Column("deadline", _("Thời hạn"), DATE, 12),
            Column("status", _("Tình trạng"), TEXT, 16),
            Column("overdue", _("Quá hạn"), TEXT, 8),
            Column("reason", _("Lý do"), TEXT, 24),
            Column("notes", _("Số báo cáo tiến độ"), INT, 9),
            Column("last_note", _("Báo cáo tiến độ gần nhất"), DATETIME, 17),
            Column("verified_at", _("Đoàn giám sát xác minh lúc"), DATETIME, 17),
            Column("created_at", _("Tạo lúc"), DATETIME, 17),
            Column("updated_at", _("Cập nhật lúc"), DATETIME, 17),
            Column("demo", _("Dữ liệu minh họa"), TEXT, 9),
        ]

    def queryset(self, request: Request, user):
        recs = Recommendation.objects.all() if user is None else Recommendation.objects.for_user(user, "view")
        if request.scope is not None:
            ids = AdministrativeUnit.objects.subtrees({request.scope.pk})[request.scope.pk]
            recs = recs.filter(
                Q(addressee_unit_id__in=ids)
                | Q(addressee_body__unit_id__in=ids)
                | Q(supervision__body__unit_id__in=ids)
            )
        if request.year:
            recs = recs.filter(supervision__date__year=request.year)
        return recs

    def estimate(self, request: Request, user=None) -> int:
        return self.queryset(request, user).count()

    def rows(self, request: Request, *, user=None, progress: Progress = no_progress) -> Iterator[tuple]:
        from supervision.selectors import today

        day = today()
        recs = (
            self.queryset(request, user)
            .select_related("supervision__body", "addressee_unit", "addressee_body")
            .annotate(note_count=Count("notes"), last_note=Max("notes__created_at"))
            .order_by("supervision__date", "supervision_id", "number", "pk")
        )
        yes, no = _("Có"), _("Không")
        for rec in recs:
            sup = rec.supervision
            yield (
                sup.body.name,
                sup.title,
                sup.get_kind_display(),
                sup.date,
                rec.number,
                rec.text,
                rec.addressee_label,
                rec.addressee_unit.code if rec.addressee_unit_id else "",
                rec.deadline,
                str(RecommendationStatus(rec.status).label),
                yes if rec.is_overdue(day) else no,
                rec.reason,
                rec.note_count,
                rec.last_note,
                rec.verified_at,
                rec.created_at,
                rec.updated_at,
                yes if rec.is_demo else "",
            )


# What the export page, the API and export_data offer (the overview is downloaded from its own page).
DATASETS = {
    Dataset.RANKINGS: RankingsDataset,
    Dataset.VALUES: ValuesDataset,
    Dataset.RECOMMENDATIONS: RecommendationsDataset,
}


def dataset(name: str):
    return DATASETS[name]()
