"""What a document says, built once from what the portal holds and given to
both renderings (the Word template and the HTML of the PDF): plain strings,
already written the Vietnamese way, whatever the language of the page.

A fixed number of queries, plus a few per supervised unit (its figures and ranks).
"""

import datetime
from dataclasses import dataclass

from django.utils import translation

from core.names import lower_type
from core.numbers import format_number, format_percent
from digital_metrics.catalogue.selectors import catalogue
from documents import charts
from documents.choices import PaperKind
from documents.figures import KEY_CODES, approved_table, period_figures, rank_history, table_rows
from documents.formatting import date_line, figure_text, month_year, number_line, place_name, short_date
from documents.legal import bases_on
from supervision.choices import FindingKind, RecommendationStatus, SupervisionKind
from supervision.models import Supervision, Verification

# Which documents each kind of supervision goes through (Nghị quyết 594/NQ-UBTVQH15): a thematic
# supervision may end in a council resolution; every supervision in a conclusion of the standing committee.
KINDS_FOR = {
    SupervisionKind.THEMATIC: [
        PaperKind.DECISION,
        PaperKind.PLAN,
        PaperKind.OUTLINE,
        PaperKind.REPORT,
        PaperKind.RESOLUTION,
        PaperKind.CONCLUSION,
    ],
    SupervisionKind.RESUPERVISION: [
        PaperKind.DECISION,
        PaperKind.PLAN,
        PaperKind.OUTLINE,
        PaperKind.REPORT,
        PaperKind.CONCLUSION,
    ],
    SupervisionKind.OTHER: [
        PaperKind.DECISION,
        PaperKind.PLAN,
        PaperKind.OUTLINE,
        PaperKind.REPORT,
        PaperKind.CONCLUSION,
    ],
}

STANDING, DELEGATION, COUNCIL = "standing", "delegation", "council"


@dataclass(frozen=True)
class Spec:
    title: str
    suffix: str  # after the number: "BC-ĐGS"; {short} is the body's short name (HĐND)
    issuer: str


SPECS = {
    PaperKind.DECISION: Spec("QUYẾT ĐỊNH", "QĐ-{short}", STANDING),
    PaperKind.PLAN: Spec("KẾ HOẠCH", "KH-ĐGS", DELEGATION),
    PaperKind.OUTLINE: Spec("ĐỀ CƯƠNG", "ĐC-ĐGS", DELEGATION),
    PaperKind.REPORT: Spec("BÁO CÁO", "BC-ĐGS", DELEGATION),
    PaperKind.RESOLUTION: Spec("NGHỊ QUYẾT", "NQ-{short}", COUNCIL),
    PaperKind.CONCLUSION: Spec("THÔNG BÁO", "TB-{short}", STANDING),
}

# At most this many units get a table each; beyond, one table of the key rates by unit.
UNIT_TABLES_MAX = 3


def kinds_for(supervision: Supervision) -> list[str]:
    return KINDS_FOR.get(supervision.kind, KINDS_FOR[SupervisionKind.OTHER])


def suffix_of(kind: str, supervision: Supervision) -> str:
    return SPECS[kind].suffix.format(short=supervision.body.short_name or "HĐND")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


def _one_line(text: str) -> str:
    return " ".join(text.split())


def default_day(kind: str, sup: Supervision) -> datetime.date | None:
    """The date a draft carries until it is issued: the ones the portal knows."""
    if kind == PaperKind.DECISION:
        return sup.decision_date
    if kind in (PaperKind.PLAN, PaperKind.OUTLINE):
        return sup.plan_date
    if kind in (PaperKind.REPORT, PaperKind.CONCLUSION):
        return sup.date
    return None


def _signer(issuer: str, head) -> dict:
    """The signature block: on whose behalf, the title, the name (blank where the portal does not know it)."""
    if issuer == DELEGATION:
        return {"on_behalf": "TM. ĐOÀN GIÁM SÁT", "title": "TRƯỞNG ĐOÀN", "name": head.name if head else ""}
    if issuer == COUNCIL:
        return {"on_behalf": "TM. HỘI ĐỒNG NHÂN DÂN", "title": "CHỦ TỊCH", "name": ""}
    position = (head.position if head else "").lower()
    if "phó chủ tịch" in position:
        return {"on_behalf": "TM. THƯỜNG TRỰC HĐND", "title": "PHÓ CHỦ TỊCH", "name": head.name}
    if "chủ tịch" in position:
        return {"on_behalf": "TM. THƯỜNG TRỰC HĐND", "title": "CHỦ TỊCH", "name": head.name}
    return {"on_behalf": "TM. THƯỜNG TRỰC HĐND", "title": "CHỦ TỊCH", "name": ""}


def _issuer_lines(issuer: str, body_name: str) -> list[dict]:
    upper = body_name.upper()
    if issuer == COUNCIL:
        place = upper.replace("HĐND", "").strip()
        return [{"text": "HỘI ĐỒNG NHÂN DÂN", "bold": True}, {"text": place, "bold": True}]
    second = "ĐOÀN GIÁM SÁT" if issuer == DELEGATION else "THƯỜNG TRỰC HĐND"
    return [{"text": upper, "bold": False}, {"text": second, "bold": True}]


def _load(supervision_id: int) -> Supervision:
    return (
        Supervision.objects.filter(pk=supervision_id)
        .select_related("body", "body__unit", "follows_up")
        .prefetch_related("topics", "units__parent", "members", "findings", "recommendations__addressee_unit")
        .prefetch_related("recommendations__addressee_body")
        .get()
    )


def paper_context(
    supervision: Supervision, kind: str, *, number: str = "", day: datetime.date | None = None, draft: bool = True
) -> dict:
    """Everything the templates of ``kind`` write about ``supervision``."""
    with translation.override("vi"):
        return _build(_load(supervision.pk), kind, number=number, day=day, draft=draft)


def _build(sup: Supervision, kind: str, *, number: str, day, draft: bool) -> dict:
    spec = SPECS[kind]
    body_name = sup.body.name
    place = place_name(sup.body.unit.name)
    head = sup.head
    units = sorted(sup.units.all(), key=lambda u: u.code)
    unit_names = [u.name for u in units]
    members = [
        {"number": i, "name": m.name, "position": m.position, "role": m.get_role_display()}
        for i, m in enumerate(sup.members.all(), start=1)
    ]
    is_resup = sup.kind == SupervisionKind.RESUPERVISION
    title_lower = _lower_first(sup.title)
    summaries = {
        PaperKind.DECISION: f"Về việc thành lập Đoàn {title_lower}",
        PaperKind.PLAN: sup.title,
        PaperKind.OUTLINE: f"Báo cáo phục vụ {title_lower}",
        PaperKind.REPORT: f"Kết quả {title_lower}",
        PaperKind.RESOLUTION: f"Về kết quả {title_lower}",
        PaperKind.CONCLUSION: f"Kết luận của Thường trực {body_name} về kết quả {title_lower}",
    }
    suffix = suffix_of(kind, sup)
    period = f"từ tháng {month_year(sup.period_start)} đến hết tháng {month_year(sup.period_end)}"
    ubnd = [f"UBND {lower_type(name)}" for name in unit_names]
    context = {
        "doc": {
            "kind": kind,
            "title": spec.title,
            "summary": summaries[kind],
            "number_line": number_line(number, suffix),
            "date_line": date_line(place, day),
            "is_draft": draft,
            "suffix": suffix,
        },
        "issuer_lines": _issuer_lines(spec.issuer, body_name),
        "sup": {
            "title": sup.title,
            "title_lower": title_lower,
            "kind_label": sup.get_kind_display(),
            "is_resupervision": is_resup,
            "date": short_date(sup.date),
            "place": sup.place or "",
            "period": period,
            "topics": "; ".join(_lower_first(t.name) for t in sup.topics.all()),
            "units": ", ".join(lower_type(name) for name in unit_names),
            "units_ubnd": ", ".join(ubnd),
            "unit_count": len(units),
            "resolution": sup.resolution,
            "decision_ref": (
                f"Quyết định số {sup.decision_number} ngày {short_date(sup.decision_date)}"
                if sup.decision_number
                else ""
            ),
            "plan_ref": f"Kế hoạch số {sup.plan_number} ngày {short_date(sup.plan_date)}" if sup.plan_number else "",
            "focal_point": sup.unit_focal_point,
            "summary": _one_line(sup.summary),
            "body": body_name,
            "body_upper": body_name.upper(),
            "place_name": place,
            "report_due": short_date(sup.date - datetime.timedelta(days=7)),
            "follows_up": _lower_first(sup.follows_up.title) if sup.follows_up_id else "",
            "follows_up_date": short_date(sup.follows_up.date) if sup.follows_up_id else "",
        },
        "members": members,
        "head": {"name": head.name, "position": head.position} if head else {"name": "", "position": ""},
        "legal_bases": bases_on(day or sup.date),
        "signer": _signer(spec.issuer, head),
        "results": [_one_line(f.text) for f in sup.findings_of(FindingKind.RESULT)],
        "shortcomings": [
            {"text": _one_line(f.text), "cause": _one_line(f.cause)} for f in sup.findings_of(FindingKind.SHORTCOMING)
        ],
        "proposals": [_one_line(f.text) for f in sup.findings_of(FindingKind.PROPOSAL)],
        "conclusions": [_one_line(f.text) for f in sup.findings_of(FindingKind.CONCLUSION)],
        "recommendations": [
            {
                "number": r.number,
                "text": _one_line(r.text),
                "addressee": r.addressee_label,
                "deadline": short_date(r.deadline) if r.deadline else "Không có thời hạn",
                "status": str(RecommendationStatus(r.status).label),
            }
            for r in sorted(sup.recommendations.all(), key=lambda r: (r.number, r.pk))
        ],
    }
    context["recipients"] = _recipients(kind, spec.issuer, sup, ubnd)
    sections = (["earlier"] if is_resup and sup.follows_up_id else []) + [
        "results",
        "shortcomings",
        "proposals",
        "recs",
    ]
    context["num"] = dict(zip(sections, ["I", "II", "III", "IV", "V"], strict=False))
    context["sup"]["year"] = sup.date.year
    context["sup"]["place_upper"] = place.upper()
    if is_resup and sup.follows_up_id:
        context["earlier"], context["earlier_summary"] = _verdicts(sup)
    else:
        context["earlier"], context["earlier_summary"] = [], ""
    if kind in (PaperKind.OUTLINE, PaperKind.REPORT, PaperKind.RESOLUTION):
        context.update(_figures(sup, units, with_charts=kind == PaperKind.REPORT))
    else:
        context.update({"tables": [], "summary_table": None, "ranks": [], "rank_summary": None, "charts": []})
    return context


def _recipients(kind: str, issuer: str, sup: Supervision, ubnd: list[str]) -> list[str]:
    body = sup.body.name
    out = []
    if issuer != STANDING:
        out.append(f"Thường trực {body};")
    if kind == PaperKind.RESOLUTION:
        out.append("Các đại biểu HĐND;")
    else:
        out.append("Các thành viên Đoàn giám sát;")
    out += [f"{name};" for name in ubnd]
    out.append("Lưu: VT.")
    return out


def _verdicts(sup: Supervision) -> tuple[list[dict], str]:
    earlier = sorted(
        sup.follows_up.recommendations.select_related("addressee_unit", "addressee_body"),
        key=lambda r: (r.number, r.pk),
    )
    verdicts = {v.recommendation_id: v for v in Verification.objects.filter(supervision=sup)}
    rows, done = [], 0
    for r in earlier:
        v = verdicts.get(r.pk)
        if v is not None and v.status == RecommendationStatus.DONE:
            done += 1
        rows.append(
            {
                "number": r.number,
                "text": _one_line(r.text),
                "addressee": r.addressee_label,
                "deadline": short_date(r.deadline) if r.deadline else "—",
                "verdict": str(RecommendationStatus(v.status).label) if v else "Chưa kết luận",
                "note": _one_line(v.note) if v else "",
            }
        )
    summary = f"{done}/{len(rows)} kiến nghị đã thực hiện" if rows else ""
    return rows, summary


def _figures(sup: Supervision, units, *, with_charts: bool) -> dict:
    """Per unit (up to UNIT_TABLES_MAX units): a table of its approved figures by year or
    quarter, its PAR ranks, charts. Beyond: one table of the key figures over the whole
    period by unit, one table of the ranks by unit and year."""
    indicators = catalogue()
    by_code = {i.code: i for i in indicators}
    keys = [c for c in KEY_CODES if c in by_code]
    tables, ranks, images = [], [], []
    per_unit = len(units) <= UNIT_TABLES_MAX
    summary_rows, rank_rows, rank_years, rank_source = [], [], set(), ""
    for unit in units:
        history = rank_history(unit, until_year=sup.period_end.year)
        if not per_unit:
            figures = period_figures(unit, sup.period_start, sup.period_end, indicators)
            if figures:
                summary_rows.append({"unit": unit.name, "cells": [_short(figures.get(code)) for code in keys]})
            if history:
                rank_rows.append((unit.name, {r.year: f"{r.rank}/{r.cohort_size}" for r in history}))
                rank_years |= {r.year for r in history}
                rank_source = history[-1].source
            continue
        columns = approved_table(unit, sup.period_start, sup.period_end, indicators)
        if columns:
            tables.append(
                {
                    "unit": unit.name,
                    "columns": [c.label for c in columns],
                    "rows": table_rows(columns, indicators),
                    "sources": [f"{c.label} – {s}" for c in columns for s in c.sources],
                }
            )
            if with_charts:
                series = []
                for code in (c for c in keys if by_code[c].value_type == "rate"):
                    values = [
                        float(c.figures[code].value)
                        if code in c.figures and c.figures[code].value is not None
                        else None
                        for c in columns
                    ]
                    if any(v is not None for v in values):
                        series.append((by_code[code].name_vi, values))
                if series:
                    images.append(
                        {
                            "caption": f"Một số tỷ lệ của {unit.name} theo số liệu đã duyệt",
                            "png": charts.rates_chart(unit.name, [c.label for c in columns], series),
                        }
                    )
        if history:
            ranks.append(
                {
                    "unit": unit.name,
                    "rows": [
                        {
                            "year": r.year,
                            "rank": f"{r.rank}/{r.cohort_size}",
                            "index": format_percent(r.index_percent),
                            "band": r.band or "—",
                            "change": _change(r),
                        }
                        for r in history
                    ],
                    "source": history[-1].source,
                }
            )
            if with_charts and len(history) > 1:
                images.append(
                    {
                        "caption": f"Thứ hạng chỉ số cải cách hành chính của {unit.name} qua các năm",
                        "png": charts.rank_chart(unit.name, history),
                    }
                )
    summary_table = None
    if summary_rows:
        summary_table = {
            "columns": [by_code[c].name_vi for c in keys],
            "rows": summary_rows,
            "period": sup.period_start and f"{month_year(sup.period_start)}–{month_year(sup.period_end)}",
        }
    rank_summary = None
    if rank_rows:
        years = sorted(rank_years)
        rank_summary = {
            "columns": [str(y) for y in years],
            "rows": [{"unit": name, "cells": [cells.get(y, "—") for y in years]} for name, cells in rank_rows],
            "source": rank_source,
        }
    return {
        "tables": tables,
        "summary_table": summary_table,
        "ranks": ranks,
        "rank_summary": rank_summary,
        "charts": images,
    }


def _short(figure) -> str:
    """A figure in a many-unit table: the rate alone, without its counts."""
    if figure is None or figure.is_empty:
        return "—"
    if figure.indicator.value_type == "rate" and figure.value is not None:
        return format_percent(figure.value)
    if figure.value is not None:
        return format_number(figure.value)
    return figure_text(figure)


def _change(r) -> str:
    if r.previous_rank is None:
        return "—"
    delta = r.previous_rank - r.rank
    if delta > 0:
        return f"tăng {delta} bậc"
    if delta < 0:
        return f"giảm {-delta} bậc"
    return "giữ nguyên"
