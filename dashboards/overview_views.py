"""The supervision team's overview page and its download (XLSX, CSV) of exactly
the rows and columns the page shows, with the same search, filter and order."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from core import freshness
from core.spreadsheets import CSV_TYPE, DECIMAL, INT, PERCENT, TEXT, XLSX_TYPE, Column, writer_for
from dashboards.overview import (
    FILTERS,
    PAGE_SIZE,
    SORTS,
    default_year,
    overview_bodies,
    overview_for,
    parse_period,
    province_of,
    select_rows,
)
from dashboards.overview_rows import KEY_RATES, Discipline
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport, Target
from digital_metrics.periods import Quarter
from exports.choices import Dataset
from exports.services import log_page_download
from wards.access import Do, access_for


def _canonical(request) -> QueryDict:
    """The query string as the page reads it: the body, the period, the search
    (trimmed, 100 characters), a known filter, a known sort and a page number;
    anything else dropped. The page is cached and linked by it, so a parameter
    it does not read (a tracker's, a typo) neither makes a new cache entry nor
    travels into its links."""
    get = request.GET
    query = QueryDict(mutable=True)
    for name, value in (
        ("body", get.get("body", "")[:20]),
        ("period", get.get("period", "")[:20]),
        ("q", " ".join(get.get("q", "").split())[:100]),
        ("status", get.get("status", "") if get.get("status", "") in FILTERS else ""),
        ("sort", get.get("sort", "") if get.get("sort", "").lstrip("-") in SORTS else ""),
        ("page", get.get("page", "") if get.get("page", "").isdigit() and len(get.get("page", "")) < 7 else ""),
    ):
        if value:
            query[name] = value
    return query


def _body_of(request):
    """(the body asked for, the bodies offered) from the query string."""
    bodies = overview_bodies(request.user)
    if not bodies:
        raise PermissionDenied(_("Trang tổng quan dành cho thành viên của cơ quan giám sát."))
    body = bodies[0]
    raw_body = request.GET.get("body", "")
    if raw_body:
        body = next((b for b in bodies if str(b.pk) == raw_body), None)
        if body is None:
            raise Http404(_("Cơ quan: không có cơ quan mã “%(v)s” trong các cơ quan của bạn.") % {"v": raw_body[:20]})
    return body, bodies


def _period_for(request, body):
    """(year, quarter, a period error) from the query string; the body's default year if none or bad."""
    raw_period = request.GET.get("period", "")
    period = parse_period(raw_period)
    if period is not None:
        return period[0], period[1], ""
    year = default_year(body, timezone.localdate())
    error = ""
    if raw_period:
        error = _("Kỳ: “%(v)s” không phải một năm (2024) hay một quý (2024-Q1); đang xem năm %(y)s.") % {
            "v": raw_period[:20],
            "y": year,
        }
    return year, None, error


def _chosen(request):
    """(body, year, quarter, the bodies offered, a period error) from the query string."""
    body, bodies = _body_of(request)
    year, quarter, error = _period_for(request, body)
    return body, year, quarter, bodies, error


def _selection(request, overview):
    return select_rows(
        overview.rows,
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        sort=request.GET.get("sort", ""),
    )


def _periods(today) -> list[tuple[str, str]]:
    out = []
    for year in range(today.year, settings.REPORTING_FIRST_YEAR - 1, -1):
        out.append((str(year), _("Năm %(y)s") % {"y": year}))
        out += [(f"{year}-Q{q}", Quarter(year, q).label) for q in (1, 2, 3, 4) if Quarter(year, q).start <= today]
    return out


def _rate_headers(overview) -> list[dict]:
    english = (get_language() or "").startswith("en")
    out = []
    for k in KEY_RATES:
        target = overview.targets.get(k.code)
        names = overview.rate_names_en if english else overview.rate_names
        out.append(
            {
                "code": k.code,
                "short": k.short,
                "name": names.get(k.code, k.short),
                "target": target,
                "target_text": _target_text(target),
                "is_rate": k.code != "eid_level2",
            }
        )
    return out


def _target_text(target) -> str:
    if target is None:
        return ""
    from core.numbers import format_percent

    sign = "≥" if target.comparison == "gte" else "≤"
    return f"{sign} {format_percent(target.value)}"


def _period_of(year: int, quarter: int | None) -> tuple[str, str]:
    """(the query value, the label) of a period: ("2024-Q1", "Quý I/2024"), ("2024", "Năm 2024")."""
    if quarter:
        return f"{year}-Q{quarter}", Quarter(year, quarter).label
    return str(year), _("Năm %(y)s") % {"y": year}


def _render_body(request, overview) -> str:
    """The summary, the table and its pages."""
    rows = _selection(request, overview)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    profile = reverse("profile", args=["00000"]).removesuffix("00000/")
    for row in page:
        row.href = f"{profile}{row.code}/?year={overview.year}" + (f"&on={row.on}" if row.on else "")
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("sort", None)
    breakdown = ""
    if overview.framework_year:
        breakdown = reverse(
            "par_index:breakdown", args=[overview.province_code, overview.framework_year, "00000"]
        ).removesuffix("00000/")
    return render_to_string(
        "dashboards/_overview_body.html",
        {
            "overview": overview,
            "page": page,
            "total": len(overview.rows),
            "shown": len(rows),
            "rate_headers": _rate_headers(overview),
            "sort": request.GET.get("sort", ""),
            "sort_query": query.urlencode(),
            "close_share": int(Target.CLOSE_SHARE * 100),
            "urls": {"breakdown": breakdown, "recommendations": reverse("supervision:recommendations")},
        },
        request=request,
    )


def overview_page(request):
    """The overview. What depends on the data (the period chosen by default, the
    table and its pages) is rendered once per body, query string, day and
    language and cached under the province's generation (core.freshness,
    read first: a newer generation never serves older data): a cached page
    costs three cache reads, and neither reads the overview's rows nor renders them."""
    request.GET = _canonical(request)
    body, bodies = _body_of(request)
    province = province_of(body.unit)

    def compute() -> tuple:
        year, quarter, error = _period_for(request, body)
        return year, quarter, error, _render_body(request, overview_for(body, year, quarter))

    cached = freshness.cached(
        "overview-page", provinces=[province and province.pk], parts=[body.pk, request.GET.urlencode()], compute=compute
    )
    year, quarter, error, html = cached
    period, period_label = _period_of(year, quarter)
    # A reviewer of the UBND lands here too: tell them first what waits for their review.
    awaiting_review = 0
    if access_for(request.user).can_any(Do.REVIEW):
        awaiting_review = (
            QuarterlyReport.objects.for_user(request.user, "manage").filter(status=ReportStatus.SUBMITTED).count()
        )
    return render(
        request,
        "dashboards/overview.html",
        {
            "body": body,
            "bodies": bodies,
            "period": period,
            "period_label": period_label,
            "body_html": mark_safe(html),  # noqa: S308 - rendered from our template, every value escaped there
            "periods": _periods(timezone.localdate()),
            "filters": list(FILTERS.items()),
            "status": request.GET.get("status", ""),
            "search": request.GET.get("q", ""),
            "sort": request.GET.get("sort", ""),
            "download_query": request.GET.urlencode(),
            "period_error": error,
            "awaiting_review": awaiting_review,
            "nav": "home",
        },
    )


LIGHT_LABELS = {Target.MET: _("Đạt"), Target.CLOSE: _("Gần đạt"), Target.NOT_MET: _("Chưa đạt")}


@login_required
def overview_download(request, fmt: str):
    """The rows the page shows (every page of them), as XLSX or CSV; text cells never start a formula."""
    if fmt not in ("xlsx", "csv"):
        raise Http404(_("Định dạng: chỉ tải được xlsx hoặc csv."))
    request.GET = _canonical(request)
    body, year, quarter, _bodies, _error = _chosen(request)
    overview = overview_for(body, year, quarter)
    rows = _selection(request, overview)
    columns = [
        Column("name", _("Đơn vị"), TEXT, 28),
        Column("code", _("Mã đơn vị"), TEXT, 9),
        Column("district", _("Trực thuộc"), TEXT, 22),
        Column("index", _("Chỉ số CCHC (%)"), DECIMAL, 12),
        Column("band", _("Xếp loại"), TEXT, 12),
        Column("rank", _("Thứ hạng"), INT, 9),
        Column("size", _("Số đơn vị xếp hạng"), INT, 9),
        Column("rank_source", _("Thứ hạng theo"), TEXT, 14),
        Column("change", _("Thay đổi so với năm trước (bậc)"), INT, 12),
    ]
    for h in _rate_headers(overview):
        columns.append(Column(h["code"], str(h["name"]), PERCENT if h["is_rate"] else INT, 14))
        columns.append(Column(h["code"] + ":status", _("%(name)s: so với mục tiêu") % {"name": h["short"]}, TEXT, 12))
        columns.append(Column(h["code"] + ":demo", _("%(name)s: minh họa") % {"name": h["short"]}, TEXT, 10))
    for y, q in overview.quarters:
        columns.append(Column(f"q{q}", _("Nộp báo cáo %(q)s") % {"q": Quarter(y, q).label}, TEXT, 16))
    columns += [
        Column("waiting", _("Báo cáo chờ duyệt"), INT, 10),
        Column("recs_open", _("Kiến nghị đang thực hiện"), INT, 10),
        Column("recs_overdue", _("Kiến nghị quá hạn"), INT, 10),
        Column("onestop_gaps", _("Số liệu lệch với hệ thống một cửa"), INT, 12),
    ]
    buffer = io.BytesIO()
    with writer_for(fmt, buffer, columns, sheet=_("Tổng quan")) as out:
        for r in rows:
            values = [
                r.name,
                r.code,
                r.district,
                r.index,
                r.band,
                r.rank,
                r.cohort_size,
                (_("chính thức") if r.rank_official else _("cổng tính lại")) if r.rank else "",
                r.rank_change,
            ]
            for _code, cell in r.rate_cells:
                values += [
                    cell.value if cell else None,
                    str(LIGHT_LABELS[cell.status]) if cell and cell.status else "",
                    _("minh họa") if cell and cell.illustrative else "",
                ]
            for qc in r.quarters:
                label = str(Discipline.LABELS[qc.state]) if qc.state else ""
                if qc.is_waiting:
                    label += " · " + _("chờ duyệt")
                elif qc.is_returned:
                    label += " · " + _("trả lại")
                values.append(label)
            values += [r.waiting, r.recs_open, r.recs_overdue, r.onestop_gaps]
            out.write(values)
    log_page_download(
        dataset=Dataset.OVERVIEW,
        fmt=fmt,
        scope=body.unit,
        params={"body": body.pk, "period": overview.period, "query": request.GET.urlencode()},
        rows=len(rows),
        by=request.user,
    )
    name = f"tong-quan-{body.pk}-{overview.period}.{fmt}"
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE if fmt == "xlsx" else CSV_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
