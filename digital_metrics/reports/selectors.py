"""Reads for the data-entry workflow: what is due, what changed since the last
approval, the history of a report. Access is decided by the caller through
QuarterlyReport.objects.for_user / wards.access."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from core.numbers import Bounded, parse_measure
from digital_metrics.choices import AuditAction, ReportStatus, ValueType
from digital_metrics.models import AuditEntry, Indicator, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter, quarters_between
from digital_metrics.reports.audit import lock_code
from digital_metrics.reports.figures import raw_values
from digital_metrics.reports.state import Locks, ReportState
from wards.models import SupervisingBody


def reporting_quarters(unit, today: datetime.date) -> list[Quarter]:
    """The quarters a unit reports: from the first reporting year (or the
    unit's creation) to today's quarter (or the unit's end: Xuất Hóa's last is
    Quý II/2025)."""
    first = Quarter(settings.REPORTING_FIRST_YEAR, 1)
    if unit.valid_from:
        first = max(first, Quarter.of(unit.valid_from))
    last = Quarter.of(today)
    if unit.valid_to:
        last = min(last, Quarter.of(unit.valid_to))
    return quarters_between(first, last)


def due_list(*, unit, today: datetime.date | None = None) -> list[ReportState]:
    """The unit's quarters as states in the order a clerk works through them:
    returned reports first, then the quarters still due, oldest first (the one
    to do next on top), then the running quarter, then those sent or approved,
    newest first (2–3 queries)."""
    return due_lists(units=[unit], today=today)[unit.pk]


def due_lists(*, units, today: datetime.date | None = None) -> dict[int, list[ReportState]]:
    """due_list of several units at once, in the same 2–3 queries whatever
    their number (a clerk who reports for several wards)."""
    today = today or timezone.localdate()
    spans = {u.pk: reporting_quarters(u, today) for u in units}
    every = sorted({q for quarters in spans.values() for q in quarters})
    out: dict[int, list[ReportState]] = {u.pk: [] for u in units}
    if not every:
        return out
    reports = {
        (r.unit_id, r.year, r.quarter): r
        for r in QuarterlyReport.objects.filter(unit__in=[u.pk for u in units], year__gte=every[0].year).select_related(
            "returned_by"
        )
    }
    locks = Locks(every)
    for unit_id, quarters in spans.items():
        rows = [
            ReportState(q, reports.get((unit_id, q.year, q.quarter)), locks.of(unit_id, q), today) for q in quarters
        ]
        returned = [r for r in rows if r.is_returned]
        due = [r for r in rows if r.is_due and not r.is_returned]
        running = [r for r in rows if r.is_running and not r.is_done]
        done = [r for r in reversed(rows) if r.is_done]
        out[unit_id] = returned + due + running + done
    return out


def next_due(rows: list[ReportState]) -> ReportState | None:
    """The quarter a clerk should fill next, of a list in due_list's order: the
    oldest returned or due one that can be written now; when none is, the
    running quarter (its figures are gathered as it goes)."""
    due = next((r for r in rows if (r.is_returned or r.is_due) and r.is_editable), None)
    return due or next((r for r in rows if r.is_running and r.is_editable and r.has_started), None)


@dataclass
class ValueDiff:
    indicator: Indicator
    before: str
    after: str


def _shown(ind: Indicator, rv) -> str:
    if rv is None:
        return ""
    if ind.value_type == ValueType.TEXT:
        return rv.text_value
    return "" if rv.value is None else format(rv.value.normalize(), "f")


def changes_since_approval(
    report: QuarterlyReport, indicators: list[Indicator], current: dict
) -> tuple[list[ValueDiff], bool]:
    """Old → new for every value changed since the report was last approved
    (or since it was reopened from approval), from the audit trail (2 queries),
    and whether it was never approved (then every value is new)."""
    mark = (
        AuditEntry.objects.filter(report=report)
        .filter(
            Q(action=AuditAction.STATUS, after=ReportStatus.APPROVED)
            | Q(action=AuditAction.REOPEN, before=ReportStatus.APPROVED)
        )
        .order_by("-pk")
        .first()
    )
    by_code = {i.code: i for i in indicators}
    if mark is None and report.approved_at is None and not report.lock_exempt:
        return [
            ValueDiff(by_code[c], "", _shown(by_code[c], rv))
            for c, rv in current.items()
            if c in by_code and _shown(by_code[c], rv) != ""
        ], True
    since = AuditEntry.objects.filter(report=report, action=AuditAction.VALUE).exclude(indicator_code="note")
    if mark is not None:
        since = since.filter(pk__gt=mark.pk)
    first_before: dict[str, str] = {}
    for entry in since.order_by("pk"):
        first_before.setdefault(entry.indicator_code, entry.before)
    out = []
    for ind in indicators:
        if ind.code in first_before:
            after = _shown(ind, current.get(ind.code))
            if after != first_before[ind.code]:
                out.append(ValueDiff(ind, first_before[ind.code], after))
    return out, False


def history(report: QuarterlyReport) -> list[AuditEntry]:
    """Every audited change of the report, and the locks of its quarter by the
    bodies above its unit, newest first (2 queries)."""
    bodies = SupervisingBody.objects.filter(
        Q(unit=report.unit_id) | Q(unit__children=report.unit_id) | Q(unit__children__children=report.unit_id)
    ).values_list("pk", flat=True)
    lock_codes = [lock_code(pk) for pk in bodies] + [lock_code(None)]
    return list(
        AuditEntry.objects.filter(
            Q(report=report)
            | Q(report__isnull=True, year=report.year, quarter=report.quarter, indicator_code__in=lock_codes)
            | Q(report__isnull=True, year=report.year, quarter=report.quarter, indicator_code="")
        ).select_related("by")
    )


def _as_stored(text: str, rv: ReportValue) -> ReportValue | None:
    """A ReportValue holding an audited value ("2531", ">98", a text; "" for none)."""
    if text == "":
        return None
    old = ReportValue(report_id=rv.report_id, indicator=rv.indicator, origin=rv.origin)
    if rv.indicator.value_type == ValueType.TEXT:
        old.text_value = text
        return old
    measure = parse_measure(text, "en")  # canonical text: a point for decimals, no grouping
    old.value, old.bound = (measure.value, measure.bound) if isinstance(measure, Bounded) else (measure, "")
    return old


def approved_reports(unit_ids, *, on: datetime.date | None = None):
    """The approved reports of the units and their values: (reports, {report id:
    {code: ReportValue}}). With ``on``, as they stood at the end of that day:
    only reports approved then (by the audit of their status, or their approval
    date where no status was audited), with the values they held then (4 queries)."""
    reports = list(
        QuarterlyReport.objects.filter(unit_id__in=unit_ids)
        .select_related("approved_by")
        .order_by("year", "quarter", "unit_id")
    )
    if on is None:
        reports = [r for r in reports if r.is_approved]
        return reports, raw_values([r.pk for r in reports])
    end = timezone.make_aware(datetime.datetime.combine(on, datetime.time.max))
    entries: dict[int, list[AuditEntry]] = {}  # report id → its status steps, in order
    audited = (
        AuditEntry.objects.filter(
            report__in=[r.pk for r in reports], action__in=(AuditAction.STATUS, AuditAction.REOPEN)
        )
        .select_related("by")
        .only("report_id", "before", "after", "at", "by")
        .order_by("at", "pk")
    )
    for entry in audited:
        entries.setdefault(entry.report_id, []).append(entry)
    kept = []
    for r in reports:
        steps = entries.get(r.pk, [])
        done = [e for e in steps if e.at <= end]
        if done:  # its last step by then says its status then, and who approved it
            if done[-1].after == ReportStatus.APPROVED:
                r.approved_at, r.approved_by = done[-1].at, done[-1].by
                kept.append(r)
        elif steps:  # every step came later: its status then is what the first one found
            if steps[0].before == ReportStatus.APPROVED:
                r.approved_at, r.approved_by = None, None  # approved then, by a step not audited
                kept.append(r)
        elif r.is_approved and r.approved_at is not None and r.approved_at <= end:
            kept.append(r)
    values = raw_values([r.pk for r in kept])
    later = AuditEntry.objects.filter(report__in=[r.pk for r in kept], action=AuditAction.VALUE, at__gt=end).order_by(
        "at", "pk"
    )
    first_before: dict[tuple[int, str], str] = {}
    for report_id, code, before in later.values_list("report_id", "indicator_code", "before"):
        first_before.setdefault((report_id, code), before)
    by_code = {i.code: i for i in Indicator.objects.all()} if first_before else {}
    for (report_id, code), before in first_before.items():
        current = values[report_id].get(code)
        if current is None:  # removed since: what it was then (a value added since was "" then)
            if code not in by_code:
                continue
            current = ReportValue(report_id=report_id, indicator=by_code[code])
        old = _as_stored(before, current)
        if old is None:
            values[report_id].pop(code, None)
        else:
            values[report_id][code] = old
    return kept, values
