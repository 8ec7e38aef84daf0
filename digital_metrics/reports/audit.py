"""The audit of quarterly reports: the only module that builds AuditEntry rows.

Every change to a figure, a status, a lock, a note or a report's detail (the
dossiers per field, the procedures with online dossiers) is a row: who, when,
through what, the version it produced, before and after in canonical form
("2531", "82.05"; pages format them in the reader's language). The builders
return unsaved rows so that a batch writes them in one statement.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.db import connection

from core.db import insert_many
from core.numbers import canonical
from digital_metrics.choices import AuditAction, AuditSource, ReportStatus
from digital_metrics.models import AuditEntry, QuarterlyReport

NOTE = "note"  # the indicator_code of a change to the report's note
LOCKED = "locked"  # the "after" of a quarter lock
LOCK_PREFIX = "body:"  # a lock row's indicator_code: the body whose wards it locked


@dataclass(frozen=True)
class Stamp:
    """Who made a change, when, through what, and the report version it produced."""

    by: object
    at: datetime.datetime
    version: int | None
    source: str = ""


@dataclass(frozen=True, slots=True)
class Row:
    """An audit row to write (``save``): the AuditEntry's columns, without a
    model instance each (a country-wide import builds 300.000 of them)."""

    report_id: int | None
    year: int
    quarter: int
    action: str
    indicator_code: str
    before: str
    after: str
    reason: str
    version: int | None
    source: str
    at: datetime.datetime
    by_id: int | None


def _entry(report, action, stamp: Stamp, *, code="", before="", after="", reason="") -> Row:
    return Row(
        report.pk, report.year, report.quarter, action, code, before, after, reason, stamp.version, stamp.source,
        stamp.at, getattr(stamp.by, "pk", None),
    )  # fmt: skip


def created(report: QuarterlyReport, *, by, at: datetime.datetime, source: str = AuditSource.FORM) -> Row:
    """A report started as a draft (version 1)."""
    return _entry(report, AuditAction.STATUS, Stamp(by, at, 1, source), after=ReportStatus.DRAFT)


def status_changed(report, stamp: Stamp, *, before: str, reason: str = "", action=AuditAction.STATUS) -> Row:
    """The report moved from ``before`` to its status now (``action``: REOPEN for a reopening)."""
    return _entry(report, action, stamp, before=before, after=report.status, reason=reason)


def value_changes(report, changes: Iterable, stamp: Stamp, *, reason_of: Mapping[str, str] | None = None) -> list:
    """One row per changed value (``changes``: objects with code, before, after)."""
    reason_of = reason_of or {}
    return [
        _entry(report, AuditAction.VALUE, stamp, code=ch.code, before=canonical(ch.before),
               after=canonical(ch.after), reason=reason_of.get(ch.code, ""))
        for ch in changes
    ]  # fmt: skip


def note_changed(report, stamp: Stamp, *, before: str, after: str) -> Row:
    limit = AuditEntry._meta.get_field("before").max_length
    return _entry(report, AuditAction.VALUE, stamp, code=NOTE, before=before[:limit], after=after[:limit])


def detail_changes(report, stamp: Stamp, *, prefix: str, before: Mapping[str, str], after: Mapping[str, str]) -> list:
    """A report's detail rows that changed, each shown as text ("12 (3)"),
    under "prefix:key" (procedure:1.001, dossiers:tu-phap-ho-tich)."""
    return [
        _entry(report, AuditAction.VALUE, stamp, code=f"{prefix}:{key}", before=before.get(key, ""),
               after=after.get(key, ""))
        for key in sorted(set(before) | set(after))
        if before.get(key, "") != after.get(key, "")
    ]  # fmt: skip


def lock_code(body_id) -> str:
    """The indicator_code of a lock's rows: which body's lock it was."""
    return f"{LOCK_PREFIX}{body_id}"


def period_locked(lock, *, by, at: datetime.datetime, unlocked: bool = False) -> Row:
    """A quarter locked (or unlocked) for the wards under the lock's body."""
    return Row(
        None, lock.year, lock.quarter, AuditAction.LOCK, lock_code(lock.body_id), LOCKED if unlocked else "",
        "" if unlocked else LOCKED, "", None, AuditSource.FORM, at, getattr(by, "pk", None),
    )  # fmt: skip


COLUMNS = [
    "report", "year", "quarter", "action", "indicator_code", "before", "after", "reason", "version", "source",
    "at", "by",
]  # fmt: skip


def save(entries: list[Row]) -> None:
    """Write rows built above: in one INSERT … executemany, however many there are
    (a country-wide import writes hundreds of thousands)."""
    if not entries:
        return
    prep = AuditEntry._meta.get_field("at").get_db_prep_save
    insert_many(
        AuditEntry,
        COLUMNS,
        (
            (e.report_id, e.year, e.quarter, str(e.action), e.indicator_code, e.before, e.after, e.reason, e.version,
             str(e.source), prep(e.at, connection), e.by_id)
            for e in entries
        ),
    )  # fmt: skip
