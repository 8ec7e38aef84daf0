"""Writes to many quarterly reports at once, for the Excel imports: the same
rules as ``services`` (who acts and whether the figures can change were
checked when the batch was planned; validation through the same path), with
set-based statements instead of a few per report.

All or nothing: the caller's transaction covers the whole batch. The versions
the user saw in the preview are checked under row locks first; a report
written since, or created by someone else since, is a conflict and nothing is
written.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from digital_metrics.catalogue.selectors import Catalogue
from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.reports import audit
from digital_metrics.reports.errors import ImportConflict
from digital_metrics.reports.values import Change, ValueRows
from wards.models import AdministrativeUnit

LOCK_CHUNK = 2000  # ids per SELECT … FOR UPDATE


@dataclass(eq=False)
class Target:
    """One (unit, quarter) a batch writes; ``report`` is None when it does not exist yet."""

    unit: AdministrativeUnit
    period: Quarter
    report: QuarterlyReport | None
    changes: list[Change] = field(default_factory=list)
    current: dict[str, ReportValue] = field(default_factory=dict)  # code → stored row, for value writes
    row: int = 0  # the sheet row it came from

    @property
    def has_changes(self) -> bool:
        return bool(self.changes)


def versions_of(targets: Sequence[Target]) -> dict[str, int]:
    """{report id: version} as planned, kept between the preview and the confirm."""
    return {str(t.report.pk): t.report.version for t in targets if t.report is not None}


def check_versions(targets: Sequence[Target], expected: dict[int, int]) -> None:
    """Lock the existing reports (PostgreSQL; SQLite serialises writers) and
    refuse the batch if any was written since the preview."""
    ids = [t.report.pk for t in targets if t.report is not None]
    fresh: dict[int, int] = {}
    for start in range(0, len(ids), LOCK_CHUNK):
        chunk = ids[start : start + LOCK_CHUNK]
        fresh.update(QuarterlyReport.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version"))
    stale = [t for t in targets if t.report is not None and fresh.get(t.report.pk) != expected.get(t.report.pk)]
    if stale:
        names = ", ".join(sorted({t.unit.name for t in stale})[:10])
        raise ImportConflict(
            _("Có báo cáo đã được sửa trong lúc bạn xem trước (%(units)s): chưa ghi gì, hãy tải lên lại.")
            % {"units": names}
        )


def open_reports(targets: Sequence[Target], *, by, now, expected: dict[int, int], source: str) -> list:
    """Create the reports that do not exist yet (drafts, version 1) and move
    the others one version up from what the preview saw. Sets each target's
    ``report``; returns the audit rows of the creations."""
    new = [t for t in targets if t.report is None]
    created = [
        QuarterlyReport(unit=t.unit, year=t.period.year, quarter=t.period.quarter, updated_by=by, version=1)
        for t in new
    ]
    try:
        with transaction.atomic():  # a savepoint: the unique constraint may refuse a report created since
            QuarterlyReport.objects.bulk_create(created, batch_size=1000)
    except IntegrityError as exc:
        raise ImportConflict(
            _("Có báo cáo vừa được người khác tạo trong lúc bạn xem trước: chưa ghi gì, hãy tải lên lại.")
        ) from exc
    if created and created[0].pk is None:  # a backend that returns no ids
        ids = {
            (u, y, q): pk
            for pk, u, y, q in QuarterlyReport.objects.filter(pk__isnull=False)
            .filter(unit_id__in=[r.unit_id for r in created], year__in={r.year for r in created})
            .values_list("pk", "unit_id", "year", "quarter")
        }
        for r in created:
            r.pk = ids[(r.unit_id, r.year, r.quarter)]
    for target, report in zip(new, created, strict=True):
        target.report = report
    new_ids = {id(t) for t in new}
    bumped = [t.report for t in targets if id(t) not in new_ids]
    for report in bumped:
        report.version = expected[report.pk] + 1
        report.updated_by, report.updated_at = by, now
    QuarterlyReport.objects.bulk_update(bumped, ["version", "updated_by", "updated_at"], batch_size=1000)
    return [audit.created(r, by=by, at=now, source=source) for r in created]


def write_values(targets: Sequence[Target], *, by, now, cat: Catalogue, expected: dict[int, int], source: str) -> None:
    """Open the targets' reports and write their value changes with one audit row each."""
    entries = open_reports(targets, by=by, now=now, expected=expected, source=source)
    rows = ValueRows.empty()
    for t in targets:
        rows.add(t.report, t.changes, cat, existing=t.current)
        entries += audit.value_changes(t.report, t.changes, audit.Stamp(by, now, t.report.version, source))
    rows.write()
    audit.save(entries)
