"""A report's state: THE place that says whether a ward's figures for a quarter
can be written now, and why not.

Every page, the API, the Excel imports, the procedure detail and the services
ask ``state_of(...)`` (one report) or ``Locks`` (many at once) instead of
comparing statuses and locks themselves. The rules:

- a quarter can be reported once it has begun, by a unit that existed during it;
- a report's figures change while it is a draft or returned, never once
  submitted or approved;
- a locked quarter closes every report of it, except one a reviewer reopened
  (``lock_exempt``) until it is approved again;
- a writer who read a quarter before its report existed read version 0.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from digital_metrics.choices import ReportStatus
from digital_metrics.models import PeriodLock, QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports.errors import ReportNotEditable
from wards.models import AdministrativeUnit

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
DONE = (ReportStatus.SUBMITTED, ReportStatus.APPROVED)


def deadline(quarter: Quarter) -> datetime.date:
    """A quarter's report is due this many days after the quarter ends."""
    return quarter.end + datetime.timedelta(days=settings.REPORT_DEADLINE_DAYS)


def can_lock(period: Quarter, today: datetime.date) -> bool:
    """A quarter may be locked once its deadline has passed."""
    return today > deadline(period)


class Locks:
    """The quarter locks that apply to units, read once for many reports (2 queries):
    a lock closes the quarter of the units under its body."""

    def __init__(self, periods: Iterable[Quarter] | None = None):
        qs = PeriodLock.objects.select_related("locked_by", "body")
        if periods is not None:
            qs = qs.filter(year__in={p.year for p in periods})
        self._locks: dict[tuple[int, int], list[PeriodLock]] = {}
        for lk in qs:
            self._locks.setdefault((lk.year, lk.quarter), []).append(lk)
        roots = {lk.body.unit_id for locks in self._locks.values() for lk in locks if lk.body_id}
        self._units_of = AdministrativeUnit.objects.subtrees(roots) if roots else {}

    def of(self, unit_id: int, period: Quarter) -> PeriodLock | None:
        for lk in self._locks.get((period.year, period.quarter), ()):
            if lk.body_id is None or unit_id in self._units_of[lk.body.unit_id]:
                return lk
        return None


def lock_of(unit_id: int, period: Quarter) -> PeriodLock | None:
    """The lock that applies to one unit's quarter (1 query; 2 once the quarter has locks)."""
    # Most writes come before their quarter's deadline, when it has no lock at all:
    # a plain look first, a third of the time of the lock covering the unit, which
    # is looked for only when there is some lock of the quarter.
    if not PeriodLock.objects.filter(year=period.year, quarter=period.quarter).exists():
        return None
    return (
        PeriodLock.objects.covering(unit_id)
        .filter(year=period.year, quarter=period.quarter)
        .select_related("locked_by", "body")
        .first()
    )


@dataclass(frozen=True)
class ReportState:
    period: Quarter
    report: QuarterlyReport | None
    lock: PeriodLock | None
    today: datetime.date

    @property
    def deadline(self) -> datetime.date:
        return deadline(self.period)

    @property
    def status(self) -> str:
        return self.report.status if self.report is not None else ""

    @property
    def is_locked(self) -> bool:
        return self.lock is not None and not (self.report is not None and self.report.lock_exempt)

    @property
    def has_started(self) -> bool:
        return self.period.start <= self.today

    @property
    def is_running(self) -> bool:
        """The quarter has not ended yet: its figures are still being gathered."""
        return self.period.end >= self.today

    is_done = property(lambda self: self.status in DONE)
    is_returned = property(lambda self: self.status == ReportStatus.RETURNED)
    is_submitted = property(lambda self: self.status == ReportStatus.SUBMITTED)
    is_approved = property(lambda self: self.status == ReportStatus.APPROVED)

    @property
    def is_overdue(self) -> bool:
        return not self.is_done and self.today > self.deadline

    @property
    def is_due(self) -> bool:
        """The quarter has ended and its report is still to be sent (returned ones included)."""
        return not self.is_done and not self.is_running

    @property
    def can_reopen(self) -> bool:
        """An approved report, or one closed by the quarter's lock, can be reopened."""
        return self.report is not None and (self.is_approved or self.is_locked)

    def refusal(self) -> str:
        """Why the figures cannot be written now; "" when they can."""
        if not self.has_started:
            return _("%(period)s chưa bắt đầu.") % {"period": self.period.label}
        if self.report is not None and self.report.status not in EDITABLE:
            return _("Báo cáo %(period)s đang ở trạng thái “%(status)s”, không sửa được số liệu.") % {
                "period": self.period.label,
                "status": self.report.get_status_display(),
            }
        if self.is_locked:
            return _("%(period)s đã bị khóa sau hạn báo cáo; đề nghị người duyệt mở lại nếu cần sửa.") % {
                "period": self.period.label
            }
        return ""

    @property
    def is_editable(self) -> bool:
        return not self.refusal()

    def check_editable(self) -> None:
        why = self.refusal()
        if why:
            raise ReportNotEditable(why)


_READ = object()


def state_of(
    *, period: Quarter, report: QuarterlyReport | None, unit_id: int | None = None, lock=_READ, today=None
) -> ReportState:
    """The state of one unit's quarter; the lock is read (1 query) unless given (None: no lock)."""
    if lock is _READ:
        lock = lock_of(unit_id if unit_id is not None else report.unit_id, period)
    return ReportState(period, report, lock, today or timezone.localdate())


def can_report(unit, period: Quarter, today: datetime.date | None = None) -> str:
    """Why ``unit`` cannot report ``period`` at all; "" when it can: only a unit
    that existed during the quarter (codes were reused in 2025), once the quarter began."""
    if not unit.existed_during(period.start, period.end):
        return _("%(unit)s không tồn tại trong %(period)s.") % {"unit": unit.name, "period": period.label}
    if period.start > (today or timezone.localdate()):
        return _("%(period)s chưa bắt đầu.") % {"period": period.label}
    return ""


def read_version(version: int, *, report: QuarterlyReport, created: bool) -> int:
    """The version a writer read. 0 means "read before the report existed":
    only the writer who has just created the report may then write over its
    version 1; for anyone else it is a stale read (a conflict)."""
    if version == 0:
        return report.version if created else 0
    return version
