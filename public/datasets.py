"""Open data: the published rankings, figures and recommendations as rows, the
same for CSV, JSON and the API. Every row says when its content was published;
the file says its licence. Text cells are formula-escaped in CSV (core.spreadsheets)."""

import csv
import datetime
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.translation import gettext, gettext_noop

from core.spreadsheets import DATE, DECIMAL, INT, TEXT, Column, safe_cell
from public import selectors


@dataclass(frozen=True)
class Dataset:
    name: str
    title: str
    columns: list[Column]
    rows: Callable[[list[selectors.BodyPage]], list[dict]]


def _rankings(pages) -> list[dict]:
    return [
        {
            "body": page.body.name,
            "year": line.year,
            "unit_code": line.unit.code,
            "unit_name": line.unit.name,
            "rank": line.rank,
            "cohort_size": line.cohort_size,
            "cohort": line.cohort,
            "index_percent": line.index_percent,
            "band": line.band,
            "decision": line.decision,
            "decision_date": line.decision_date,
            "source": line.source,
            "note": line.note,
            "published_on": line.published_on,
        }
        for page in pages
        for line in page.rankings
    ]


def _figures(pages) -> list[dict]:
    out = []
    for page in pages:
        for release in page.releases:
            for row in release.rows:
                for key, fig in zip(release.indicators, row.figures, strict=True):
                    if fig is None or fig.is_empty:
                        continue
                    target = key.target
                    out.append(
                        {
                            "body": page.body.name,
                            "year": release.year,
                            "unit_code": row.unit.code,
                            "unit_name": row.unit.name,
                            "indicator": key.code,
                            "indicator_name": key.indicator.name_vi,
                            "value": round(fig.value, 4),
                            "bound": fig.bound,
                            "numerator": fig.numerator,
                            "denominator": fig.denominator,
                            "quarters_covered": fig.covered,
                            "target_comparison": target.get_comparison_display() if target else "",
                            "target": target.value if target else None,
                            "target_met": target.is_met(fig.value) if target else None,
                            "target_source": target.source if target else "",
                            "origin": selectors.origin_of(fig),
                            "illustrative": fig.is_illustrative,
                            "published_on": release.published_on,
                        }
                    )
    return out


def _recommendations(pages) -> list[dict]:
    return [
        {
            "body": page.body.name,
            "supervision": s.supervision.title,
            "supervision_date": s.supervision.date,
            "number": r.rec.number,
            "text": r.rec.text,
            "addressee": r.rec.addressee_label,
            "deadline": r.rec.deadline,
            "status": r.rec.status,
            "status_label": selectors.status_label(r.rec.status),
            "overdue": r.overdue,
            "illustrative": r.rec.is_demo,
            "published_on": s.published_on,
        }
        for page in pages
        for s in page.supervisions
        for r in s.recommendations
    ]


def _cols(*spec) -> list[Column]:
    return [Column(key, key, kind) for key, kind in spec]


DATASETS = {
    "rankings": Dataset(
        "rankings",
        gettext_noop("Kết quả xếp hạng chỉ số CCHC chính thức"),
        _cols(
            ("body", TEXT),
            ("year", INT),
            ("unit_code", TEXT),
            ("unit_name", TEXT),
            ("rank", INT),
            ("cohort_size", INT),
            ("cohort", TEXT),
            ("index_percent", DECIMAL),
            ("band", TEXT),
            ("decision", TEXT),
            ("decision_date", DATE),
            ("source", TEXT),
            ("note", TEXT),
            ("published_on", DATE),
        ),
        _rankings,
    ),
    "figures": Dataset(
        "figures",
        gettext_noop("Số liệu đã duyệt so với mục tiêu"),
        _cols(
            ("body", TEXT),
            ("year", INT),
            ("unit_code", TEXT),
            ("unit_name", TEXT),
            ("indicator", TEXT),
            ("indicator_name", TEXT),
            ("value", DECIMAL),
            ("bound", TEXT),
            ("numerator", DECIMAL),
            ("denominator", DECIMAL),
            ("quarters_covered", INT),
            ("target_comparison", TEXT),
            ("target", DECIMAL),
            ("target_met", TEXT),
            ("target_source", TEXT),
            ("origin", TEXT),
            ("illustrative", TEXT),
            ("published_on", DATE),
        ),
        _figures,
    ),
    "recommendations": Dataset(
        "recommendations",
        gettext_noop("Kiến nghị giám sát và tình trạng thực hiện"),
        _cols(
            ("body", TEXT),
            ("supervision", TEXT),
            ("supervision_date", DATE),
            ("number", INT),
            ("text", TEXT),
            ("addressee", TEXT),
            ("deadline", DATE),
            ("status", TEXT),
            ("status_label", TEXT),
            ("overdue", TEXT),
            ("illustrative", TEXT),
            ("published_on", DATE),
        ),
        _recommendations,
    ),
}


@dataclass
class Table:
    dataset: Dataset
    rows: list[dict]

    @property
    def published_on(self) -> datetime.date | None:
        return max((r["published_on"] for r in self.rows), default=None)


def table(name: str, pages=None) -> Table:
    dataset = DATASETS[name]
    return Table(dataset, dataset.rows(selectors.all_pages() if pages is None else pages))


def licence() -> str:
    """The licence line of the open-data page: the default one in the reader's
    language (the files keep it in Vietnamese), a configured one as written."""
    if settings.PUBLIC_DATA_LICENCE == settings.PUBLIC_DATA_LICENCE_DEFAULT:
        return gettext("Creative Commons Ghi công 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/deed.vi")
    return settings.PUBLIC_DATA_LICENCE


def as_document(t: Table) -> dict:
    """The JSON document: title, licence, publication date, rows."""
    return {
        "dataset": t.dataset.name,
        "title": t.dataset.title,
        "licence": settings.PUBLIC_DATA_LICENCE,
        "published_on": t.published_on,
        "rows": t.rows,
    }


class Encoder(DjangoJSONEncoder):
    """Numbers as JSON numbers (845, 58.06), not strings."""

    def default(self, o):
        if isinstance(o, Decimal):
            return int(o) if o == o.to_integral_value() else float(o)
        return super().default(o)


def to_json(t: Table) -> bytes:
    return json.dumps(as_document(t), cls=Encoder, ensure_ascii=False, indent=1).encode()


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value == value.to_integral_value() else format(value, "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return safe_cell(value) if isinstance(value, str) else value


def to_csv(t: Table) -> bytes:
    """UTF-8 with BOM (Excel reads Vietnamese right); a first line with the title, the licence
    and the publication date (scripts read it with ``comment="#"``), then the header and the rows.
    Text that would start a formula gets a leading apostrophe (core.spreadsheets.safe_cell)."""
    out = io.StringIO()
    published = t.published_on.isoformat() if t.published_on else "-"
    out.write(f"# {t.dataset.title}; giấy phép: {settings.PUBLIC_DATA_LICENCE}; công bố: {published}\r\n")
    writer = csv.writer(out)
    writer.writerow([c.label for c in t.dataset.columns])
    for row in t.rows:
        writer.writerow([_csv_value(row[c.key]) for c in t.dataset.columns])
    return ("\ufeff" + out.getvalue()).encode()
