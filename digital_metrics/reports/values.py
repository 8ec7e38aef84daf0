"""A report's values: what is stored, what a write would change, and the rows
that carry the change. Shared by the single save (services) and the batch
writes of the Excel imports (batch), so both validate and diff the same way."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from core.db import insert_many
from core.numbers import Bounded, parse_measure
from digital_metrics.catalogue.selectors import Catalogue
from digital_metrics.catalogue.validation import Issue, validate
from digital_metrics.choices import Bound, Origin, ValueType
from digital_metrics.models import QuarterlyReport, ReportValue

# The ward-level dossier counts a per-field breakdown (procedures.DossierStat) sums up.
DOSSIER_CODES = (
    "dossiers_received",
    "dossiers_resolved_on_time",
    "dossiers_resolved_late",
    "dossiers_online_full",
    "dossiers_online_partial",
    "dossiers_at_desk",
    "dossiers_postal",
    "dossiers_paid_online",
)


@dataclass
class Change:
    code: str
    before: object
    after: object


def stored(rv: ReportValue, cat: Catalogue):
    """The value a ReportValue holds for its indicator: a Decimal, a Bounded ("trên 98%"), or a text."""
    ind = cat.by_code[cat.code_of[rv.indicator_id]]
    if ind.value_type == ValueType.TEXT:
        return rv.text_value
    return Bounded(rv.value, rv.bound) if rv.bound and rv.value is not None else rv.value


def current_rows(report: QuarterlyReport, cat: Catalogue) -> dict[str, ReportValue]:
    """{code: ReportValue} of a report's active indicators (1 query)."""
    return {cat.code_of[rv.indicator_id]: rv for rv in report.values.all() if rv.indicator_id in cat.code_of}


def previous_values(report: QuarterlyReport) -> dict[str, Decimal | str | None]:
    """The ward's values of the quarter before, whatever their status: the
    history warnings compare with it (1 query)."""
    prev = report.period.previous()
    rows = ReportValue.objects.filter(
        report__unit_id=report.unit_id, report__year=prev.year, report__quarter=prev.quarter
    ).values_list("indicator__code", "value", "text_value")
    return {code: (value if value is not None else text) for code, value, text in rows}


def diff_values(current: Mapping[str, object], cleaned: Mapping[str, object]) -> list[Change]:
    out = []
    for code, after in cleaned.items():
        before = current.get(code)
        if (before in (None, "")) and (after in (None, "")):
            continue
        if before != after:
            out.append(Change(code, before, after))
    return out


def breakdown_issues(report, raw: Mapping[str, object], current: Mapping[str, object], cat: Catalogue) -> list[Issue]:
    """Dossier counts that come from the per-field breakdown are not typed: a
    raw value that differs from the stored sum is refused, whatever else is wrong."""
    if report is None or not report.dossiers_from_fields:
        return []
    out = []
    for code in DOSSIER_CODES:
        if code not in raw:
            continue
        try:
            same = parse_measure(raw[code]) == current.get(code)
        except (InvalidOperation, ValueError):
            same = False
        if not same:
            out.append(
                Issue(
                    code,
                    _("“%(name)s” là tổng của số liệu theo lĩnh vực; hãy sửa ở trang hồ sơ theo lĩnh vực.")
                    % {"name": cat.by_code[code].name},
                    rule="from_breakdown",
                )
            )
    return out


def plan_values(
    *, raw: Mapping[str, object], cat: Catalogue, current: Mapping[str, object], previous=None, notation="vi"
):
    """Validate ``raw`` over the report's current values (so that relations
    see the whole report) and work out what changes. Returns (cleaned,
    changes, warnings about changed fields)."""
    merged = {code: value for code, value in current.items() if code in cat.by_code and cat.by_code[code].is_entered}
    merged.update(raw)
    cleaned = validate(merged, indicators=cat.indicators, relations=cat.relations, previous=previous, notation=notation)
    changes = diff_values(current, cleaned.values) if cleaned.is_valid else []
    changed = {c.code for c in changes}
    warnings = [w for w in cleaned.warnings if w.field in changed]
    return cleaned, changes, warnings


@dataclass
class ValueRows:
    """The ReportValue rows a set of changes creates, updates and deletes."""

    create: list[tuple]  # (report id, indicator id, value, text, bound, origin): no model instance each
    update: list[ReportValue]
    delete: list[int]
    origin: str = Origin.ENTERED  # what a written value now is: entered (or sent by the one-stop system)

    @classmethod
    def empty(cls, origin: str = Origin.ENTERED) -> "ValueRows":
        return cls([], [], [], origin)

    def add(self, report, changes: list[Change], cat: Catalogue, *, existing: Mapping[str, ReportValue]) -> None:
        for ch in changes:
            ind = cat.by_code[ch.code]
            rv = existing.get(ch.code)
            if ch.after in (None, ""):
                if rv is not None:
                    self.delete.append(rv.pk)
                continue
            if ind.value_type == ValueType.TEXT:
                value, text, bound = None, ch.after, Bound.EXACT
            elif isinstance(ch.after, Bounded):
                value, text, bound = ch.after.value, "", ch.after.bound
            else:
                value, text, bound = ch.after, "", Bound.EXACT
            if rv is None:
                self.create.append((report.pk, ind.pk, value, text, str(bound), str(self.origin)))
                continue
            self.update.append(rv)
            rv.origin = self.origin
            if ind.value_type == ValueType.TEXT:
                rv.text_value = text
            else:
                rv.value, rv.bound = value, bound

    def write(self) -> None:
        if self.delete:
            ReportValue.objects.filter(pk__in=self.delete).delete()
        if self.update:
            ReportValue.objects.bulk_update(self.update, ["value", "text_value", "bound", "origin"], batch_size=2000)
        if self.create:  # on PostgreSQL even an empty COPY is a round trip
            insert_many(
                ReportValue,
                ["report", "indicator", "value", "text_value", "bound", "origin"],
                self.create,
            )
