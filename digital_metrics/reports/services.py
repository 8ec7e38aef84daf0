"""Writes to one quarterly report: values, the submit–approve workflow, period
locks. The forms, the API, the procedure detail and the demo call these; the
Excel imports write many reports at once through ``batch``, by the same rules.

Each one is atomic, checks who acts (wards.access), asks ``state`` whether the
figures can change, validates through digital_metrics.catalogue.validation (the
one validation path), and leaves its rows in the audit (``audit``).

Optimistic locking: every write carries the version the writer read and
bumps it with a conditional ``UPDATE … WHERE version = read_version``. When no
row matched, somebody else wrote first; the caller gets a ReportConflict with
what that person changed, and nothing of theirs is overwritten. Status
changes bump the version too, so a page read before a submission cannot save
over it.
"""

import datetime
from collections.abc import Iterable, Mapping

from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from digital_metrics.catalogue.selectors import current_catalogue
from digital_metrics.catalogue.validation import Issue, validate
from digital_metrics.choices import AuditAction, AuditSource, Origin, ReportStatus
from digital_metrics.models import AuditEntry, PeriodLock, QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports import audit
from digital_metrics.reports.errors import (  # noqa: F401 - the errors callers catch, named where they call
    ImportConflict,
    ReportConflict,
    ReportError,
    ReportForbidden,
    ReportInvalid,
    ReportNotEditable,
)
from digital_metrics.reports.signals import report_approval_changed, report_status_changed
from digital_metrics.reports.state import can_lock, can_report, deadline, read_version, state_of
from digital_metrics.reports.values import (
    Change,
    ValueRows,
    breakdown_issues,
    current_rows,
    plan_values,
    previous_values,
    stored,
)
from wards.access import Do, access_for
from wards.choices import Role

# --- Who acts, and the claim at the heart of optimistic locking. ---------------


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ReportForbidden(message)


def _require_writer(report_or_unit_id, by, message: str) -> None:
    unit_id = getattr(report_or_unit_id, "unit_id", report_or_unit_id)
    _require(access_for(by).can(Do.WRITE_FIGURES, unit_id), message)


def _require_reviewer(report: QuarterlyReport, by, verb: str) -> None:
    _require(
        access_for(by).can(Do.REVIEW, report.unit_id),
        _("Chỉ quản trị của cơ quan cấp trên mới được %(verb)s báo cáo.") % {"verb": verb},
    )


def claim_report(report: QuarterlyReport, *, version: int, by, **changes) -> int:
    """The conditional UPDATE at the heart of optimistic locking. On
    PostgreSQL it also takes the row lock, so the writes that follow in the
    same transaction see and produce a consistent report. Returns the new
    version or raises ReportConflict."""
    now = timezone.now()
    before = report.status
    updated = QuarterlyReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, updated_by=by, updated_at=now, **changes
    )
    if not updated:
        raise conflict(report, version)
    if "status" in changes:  # inside the caller's transaction: receivers act on commit
        report_status_changed.send(sender=QuarterlyReport, report=report, by=by, before=before)
    report.version = version + 1
    for name, value in changes.items():
        setattr(report, name, value)
    report.updated_by, report.updated_at = by, now
    return report.version


def conflict(report: QuarterlyReport, version: int) -> ReportConflict:
    """The conflict of a writer who read ``version``: who wrote since, and what."""
    fresh = QuarterlyReport.objects.get(pk=report.pk)
    changes = list(
        AuditEntry.objects.filter(report=report, version__gt=version).select_related("by").order_by("at", "pk")
    )
    names = sorted({(c.by.get_full_name() or c.by.username) for c in changes if c.by}) or [_("người khác")]
    message = _(
        "Báo cáo đã được %(who)s sửa sau khi bạn mở (phiên bản %(read)s, nay là %(now)s). "
        "Thay đổi của bạn chưa được lưu: xem các thay đổi của họ bên dưới rồi nhập lại."
    ) % {"who": ", ".join(names), "read": version, "now": fresh.version}
    return ReportConflict(message, report=fresh, changes=changes)


# --- Values. ----------------------------------------------------------------


def report_start(
    *, unit, year: int, quarter: int, by, source: str = AuditSource.FORM, report: QuarterlyReport | None = None
) -> tuple[QuarterlyReport, bool]:
    """The report of (unit, quarter), created as a draft if there is none yet.
    Only for a unit that existed during the quarter and a quarter that began.
    ``report``: that report, when the caller has read it already (not read again)."""
    _require_writer(unit.pk, by, _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name})
    why = can_report(unit, Quarter(year, quarter))
    if why:
        raise ReportNotEditable(why)
    if report is not None:
        return report, False
    with transaction.atomic():
        report, created = QuarterlyReport.objects.get_or_create(
            unit=unit, year=year, quarter=quarter, defaults={"updated_by": by}
        )
        if created:
            audit.save([audit.created(report, by=by, at=timezone.now(), source=source)])
    return report, created


@transaction.atomic
def report_save_values(
    *,
    report: QuarterlyReport,
    raw: Mapping[str, object],
    version: int,
    by,
    confirm_warnings: bool = False,
    source: str = AuditSource.FORM,
    note: str | None = None,
    from_breakdown: bool = False,
    touch: bool = False,
    notation: str = "vi",
    origin: str = Origin.ENTERED,
    reason: str = "",
) -> list[Change]:
    """Save the values of ``raw`` ({indicator code: raw value}; codes left out
    keep their value, an empty value clears one). Raises ReportInvalid,
    ReportNotEditable, ReportForbidden or ReportConflict; saves nothing then.

    ``from_breakdown``: the dossier totals come from the per-field detail.
    ``touch``: the caller writes more of the report (its detail) in this
    transaction, so the new version stands even when no value changed.
    ``notation``: how typed numbers are read ("vi", or "en" for a form shown in English; core.numbers).
    ``origin``, ``reason``: what the written values are (Origin.SYSTEM: a figure of the one-stop
    system the clerk accepted) and the reason each audit row gives."""
    _require_writer(report, by, _("Bạn không có quyền nhập số liệu của đơn vị này."))
    # Claim first: a stale version is a conflict whatever the values are, and
    # on PostgreSQL the claimed row stays locked until this transaction ends.
    new_version = claim_report(report, version=version, by=by)
    state_of(period=report.period, report=report).check_editable()
    cat = current_catalogue()
    rows = current_rows(report, cat)
    current = {code: stored(rv, cat) for code, rv in rows.items()}
    cleaned, changes, warnings = plan_values(
        raw=raw, cat=cat, current=current, previous=previous_values(report), notation=notation
    )
    if not from_breakdown:
        cleaned.issues[:0] = breakdown_issues(report, raw, current, cat)
    if not cleaned.is_valid or (warnings and not confirm_warnings):
        raise ReportInvalid(cleaned.errors, warnings)
    note_changed = note is not None and note != report.note
    if not changes and not note_changed and not touch:
        # Nothing to write: give the version back so that nobody else conflicts.
        QuarterlyReport.objects.filter(pk=report.pk).update(version=version)
        report.version = version
        return []
    writes = ValueRows.empty(origin)
    writes.add(report, changes, cat, existing=rows)
    writes.write()
    stamp = audit.Stamp(by, timezone.now(), new_version, source)
    confirmed = {c.code: reason for c in changes} if reason else {}
    confirmed.update({w.field: _("Đã xác nhận cảnh báo") for w in warnings})
    entries = audit.value_changes(report, changes, stamp, reason_of=confirmed)
    if note_changed:
        entries.append(audit.note_changed(report, stamp, before=report.note, after=note))
        QuarterlyReport.objects.filter(pk=report.pk).update(note=note)
        report.note = note
    audit.save(entries)
    return changes


@transaction.atomic
def report_write(
    *,
    unit,
    year: int,
    quarter: int,
    version: int,
    by,
    source: str = AuditSource.FORM,
    report: QuarterlyReport | None = None,
    **values,
) -> tuple[QuarterlyReport, list[Change]]:
    """Save a ward's values for a quarter, creating its draft when there is
    none yet, at the version the writer read (0: read before the report
    existed, see state.read_version). ``values``: raw, and optionally note and
    confirm_warnings, as report_save_values takes them. ``report``: the
    quarter's report if the caller has read it already, as report_submit takes
    it (the claim of ``version`` guards the write). Used by the form and the API."""
    report, created = report_start(unit=unit, year=year, quarter=quarter, by=by, source=source, report=report)
    version = read_version(version, report=report, created=created)
    return report, report_save_values(report=report, version=version, by=by, source=source, **values)


# --- Workflow. --------------------------------------------------------------


def _status_audit(report, *, before: str, by, version: int, source: str, **kwargs) -> None:
    audit.save(
        [audit.status_changed(report, audit.Stamp(by, timezone.now(), version, source), before=before, **kwargs)]
    )


def _review(report: QuarterlyReport, *, version: int, by, source: str, refusal: str, reason: str = "", **changes):
    """A reviewer's step on a submitted report (approve, return): claim it into
    its new status, refuse it if it was not submitted, audit it."""
    before = report.status
    new_version = claim_report(report, version=version, by=by, **changes)
    if before != ReportStatus.SUBMITTED:
        raise ReportNotEditable(refusal % {"period": report.period_label, "status": ReportStatus(before).label})
    _status_audit(report, before=before, by=by, version=new_version, source=source, reason=reason)


@transaction.atomic
def report_submit(*, report: QuarterlyReport, version: int, by, source: str = AuditSource.FORM) -> QuarterlyReport:
    """Draft or returned → submitted, when every value passes validation."""
    _require_writer(report, by, _("Bạn không có quyền gửi báo cáo của đơn vị này."))
    before = report.status
    new_version = claim_report(
        report, version=version, by=by, status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )
    report.status = before  # check against the status that was claimed over
    state_of(period=report.period, report=report).check_editable()
    report.status = ReportStatus.SUBMITTED
    cat = current_catalogue()
    current = {code: stored(rv, cat) for code, rv in current_rows(report, cat).items()}
    if not any(v not in (None, "") for v in current.values()):
        raise ReportInvalid([], [], _("Báo cáo chưa có số liệu nào, chưa gửi được."))
    cleaned = validate(current, indicators=cat.indicators, relations=cat.relations)
    if not cleaned.is_valid:
        raise ReportInvalid(cleaned.errors, [])
    _status_audit(report, before=before, by=by, version=new_version, source=source)
    return report


@transaction.atomic
def report_approve(*, report: QuarterlyReport, version: int, by, source: str = AuditSource.FORM) -> QuarterlyReport:
    """Submitted → approved. The approval is announced inside the transaction
    (par_index marks its ranking stale in the same commit)."""
    _require_reviewer(report, by, _("duyệt"))
    _review(
        report, version=version, by=by, source=source,
        refusal=_("Chỉ duyệt được báo cáo đã gửi; báo cáo %(period)s đang “%(status)s”."),
        status=ReportStatus.APPROVED, approved_at=timezone.now(), approved_by=by, lock_exempt=False,
    )  # fmt: skip
    report_approval_changed.send(sender=QuarterlyReport, report=report, by=by, approved=True)
    return report


@transaction.atomic
def reports_approve(
    *, items: Iterable[tuple[QuarterlyReport, int]], by, source: str = AuditSource.FORM
) -> list[QuarterlyReport]:
    """Approve many reports at once: all of them or, on the first refusal or
    conflict, none."""
    return [report_approve(report=r, version=v, by=by, source=source) for r, v in items]


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        message = _("Hãy ghi lý do %(what)s.") % {"what": what}
        raise ReportInvalid([Issue("reason", message, rule="required")], [], message)
    return reason


@transaction.atomic
def report_return(
    *, report: QuarterlyReport, version: int, by, reason: str, source: str = AuditSource.FORM
) -> QuarterlyReport:
    """Submitted → returned to the ward, with the reviewer's reason."""
    _require_reviewer(report, by, _("trả lại"))
    reason = _reason(reason, _("trả lại"))
    _review(
        report, version=version, by=by, source=source, reason=reason,
        refusal=_("Chỉ trả lại được báo cáo đã gửi; báo cáo %(period)s đang “%(status)s”. Báo cáo đã duyệt thì mở lại."),
        status=ReportStatus.RETURNED, returned_at=timezone.now(), returned_by=by, returned_reason=reason,
    )  # fmt: skip
    return report


@transaction.atomic
def report_reopen(
    *, report: QuarterlyReport, version: int, by, reason: str, source: str = AuditSource.FORM
) -> QuarterlyReport:
    """A reviewer reopens one ward's report, approved or in a locked period: it
    goes back to the ward as returned, exempt from the period lock until it is
    approved again. Announces the end of the approval inside the transaction."""
    _require_reviewer(report, by, _("mở lại"))
    reason = _reason(reason, _("mở lại"))
    before = report.status
    state = state_of(period=report.period, report=report)
    if not state.can_reopen:
        raise ReportNotEditable(
            _("Báo cáo %(period)s chưa duyệt và kỳ chưa khóa: không cần mở lại.") % {"period": report.period_label}
        )
    now = timezone.now()
    new_version = claim_report(
        report,
        version=version,
        by=by,
        status=ReportStatus.RETURNED,
        returned_at=now,
        returned_by=by,
        returned_reason=reason,
        reopened_at=now,
        reopened_reason=reason,
        lock_exempt=state.lock is not None,
    )
    _status_audit(
        report, before=before, by=by, version=new_version, source=source, reason=reason, action=AuditAction.REOPEN
    )
    if before == ReportStatus.APPROVED:
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=by, approved=False)
    return report


@transaction.atomic
def period_lock(*, body, year: int, quarter: int, by, today: datetime.date | None = None) -> PeriodLock:
    """Lock a quarter for the wards under ``body`` (a UBND), once its deadline has
    passed: only that body's reviewers may."""
    _require(
        body.pk in access_for(by).bodies_as(Role.REVIEWER),
        _("Chỉ người duyệt báo cáo của %(body)s mới được khóa kỳ báo cáo của cơ quan này.") % {"body": body.name},
    )
    period = Quarter(year, quarter)
    today = today or timezone.localdate()
    if not body.unit.existed_during(period.start, period.end):
        raise ReportNotEditable(
            _("%(body)s không có đơn vị nào báo cáo %(period)s (đơn vị của cơ quan không tồn tại trong quý này).")
            % {"body": body.name, "period": period.label}
        )
    if not can_lock(period, today):
        raise ReportNotEditable(
            _("Chưa hết hạn báo cáo %(period)s (hạn %(due)s), chưa khóa được.")
            % {"period": period.label, "due": formats.date_format(deadline(period), "SHORT_DATE_FORMAT")}
        )
    lock, created = PeriodLock.objects.get_or_create(
        body=body, year=year, quarter=quarter, defaults={"locked_at": timezone.now(), "locked_by": by}
    )
    if not created:
        raise ReportNotEditable(_("%(period)s đã khóa từ trước.") % {"period": period.label})
    audit.save([audit.period_locked(lock, by=by, at=lock.locked_at)])
    return lock


@transaction.atomic
def period_unlock(*, lock: PeriodLock, by) -> None:
    """Open a locked quarter again for the wards under the lock's body: only its reviewers may."""
    _require(
        lock.body_id is not None and lock.body_id in access_for(by).bodies_as(Role.REVIEWER),
        _("Chỉ người duyệt báo cáo của cơ quan đã khóa kỳ mới được mở khóa."),
    )
    audit.save([audit.period_locked(lock, by=by, at=timezone.now(), unlocked=True)])
    lock.delete()
