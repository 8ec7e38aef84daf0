"""Writes to quarterly reports: values, the submit–approve workflow, period
locks. The forms, the Excel import and the API all call these functions.

Each one is atomic, checks who may act (wards.access), validates through
digital_metrics.validation.validate (the one validation path), and writes an
AuditEntry per changed value, status or lock.

Optimistic locking: every write carries the version the writer read and
bumps it with a conditional ``UPDATE … WHERE version = read_version``. When no
row matched, somebody else wrote first; the caller gets a ReportConflict with
what that person changed, and nothing of theirs is overwritten. Status
changes bump the version too, so a page read before a submission cannot save
over it.
"""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from core.numbers import parse_number
from digital_metrics.choices import AuditAction, Bound, ReportStatus, ValueType
from digital_metrics.models import (
    AuditEntry,
    Indicator,
    IndicatorRelation,
    PeriodLock,
    QuarterlyReport,
    ReportValue,
)
from digital_metrics.periods import Quarter
from digital_metrics.selectors import catalogue
from digital_metrics.signals import report_approval_changed
from digital_metrics.validation import Issue, validate
from wards.access import access_for

EDITABLE = (ReportStatus.DRAFT, ReportStatus.RETURNED)
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


def breakdown_issues(report, raw: Mapping[str, object], current: Mapping[str, object], cat) -> list[Issue]:
    """Dossier counts that come from the per-field breakdown are not typed: a
    raw value that differs from the stored sum is refused, whatever else is wrong."""
    if report is None or not report.dossiers_from_fields:
        return []
    out = []
    for code in DOSSIER_CODES:
        if code not in raw:
            continue
        try:
            same = parse_number(raw[code]) == current.get(code)
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


# --- Errors: each maps to one HTTP status in the API (400, 403, 409). -------


class ReportError(Exception):
    status_code = 409

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ReportForbidden(ReportError):
    status_code = 403


class ReportInvalid(ReportError):
    """Validation failed; ``errors`` and ``warnings`` are Issues naming the field.
    When only warnings are left, the caller may confirm them and save again."""

    status_code = 400

    def __init__(self, errors: list[Issue], warnings: list[Issue], message: str = ""):
        super().__init__(message or _("Số liệu chưa hợp lệ, xem thông báo ở từng ô."))
        self.errors = errors
        self.warnings = warnings

    @property
    def needs_confirmation(self) -> bool:
        return not self.errors and bool(self.warnings)


class ReportNotEditable(ReportError):
    """Approved, submitted, or in a locked period: the figures cannot change now."""


class ReportConflict(ReportError):
    """Someone else wrote the report since it was read; ``changes`` are their
    audit rows, oldest first."""

    def __init__(self, message: str, *, report: QuarterlyReport, changes: list[AuditEntry]):
        super().__init__(message)
        self.report = report
        self.changes = changes


# --- Periods, deadlines, locks. ---------------------------------------------


def deadline(quarter: Quarter) -> datetime.date:
    return quarter.end + datetime.timedelta(days=settings.REPORT_DEADLINE_DAYS)


def period_lock_of(year: int, quarter: int) -> PeriodLock | None:
    return PeriodLock.objects.filter(year=year, quarter=quarter).select_related("locked_by").first()


def is_locked_for(report: QuarterlyReport, lock: PeriodLock | None = None) -> bool:
    lock = lock if lock is not None else period_lock_of(report.year, report.quarter)
    return lock is not None and not report.lock_exempt


# --- Helpers. ---------------------------------------------------------------


def _canonical(value) -> str:
    """How a value is written in the audit: "2531", "82.05", a text as is."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        value = value.normalize()
        return format(value, "f")
    return str(value)


def _current(report: QuarterlyReport) -> dict[str, ReportValue]:
    return {rv.indicator.code: rv for rv in report.values.select_related("indicator")}


def _stored(rv: ReportValue, ind: Indicator):
    if ind.value_type == ValueType.TEXT:
        return rv.text_value
    return rv.value


def _relations() -> list[IndicatorRelation]:
    return list(IndicatorRelation.objects.select_related("whole").prefetch_related("parts"))


@dataclass
class Catalogue:
    """The catalogue loaded once for a batch of writes (5 queries)."""

    indicators: list[Indicator] = field(default_factory=catalogue)
    relations: list[IndicatorRelation] = field(default_factory=_relations)

    def __post_init__(self):
        self.by_code = {i.code: i for i in self.indicators}
        self.code_of = {i.pk: i.code for i in self.indicators}
        self.entered = [i for i in self.indicators if i.is_entered]


def previous_values(report: QuarterlyReport) -> dict[str, Decimal | None]:
    """The ward's values of the quarter before, whatever their status: the
    history warnings compare with it and the form shows it beside each field."""
    prev = report.period.previous()
    rows = ReportValue.objects.filter(
        report__unit_id=report.unit_id, report__year=prev.year, report__quarter=prev.quarter
    ).select_related("indicator")
    return {rv.indicator.code: (rv.value if rv.value is not None else rv.text_value) for rv in rows}


def _audit(report, *, action, by, at, version, source="", code="", before="", after="", reason="") -> AuditEntry:
    return AuditEntry(
        report=report,
        year=report.year,
        quarter=report.quarter,
        action=action,
        indicator_code=code,
        before=before,
        after=after,
        reason=reason,
        version=version,
        source=source,
        at=at,
        by=by,
    )


def claim_report(report: QuarterlyReport, *, version: int, by, **changes) -> int:
    """The conditional UPDATE at the heart of optimistic locking. On
    PostgreSQL it also takes the row lock, so the writes that follow in the
    same transaction see and produce a consistent report. Returns the new
    version or raises ReportConflict."""
    now = timezone.now()
    updated = QuarterlyReport.objects.filter(pk=report.pk, version=version).update(
        version=F("version") + 1, updated_by=by, updated_at=now, **changes
    )
    if not updated:
        raise _conflict(report, version)
    report.version = version + 1
    for name, value in changes.items():
        setattr(report, name, value)
    report.updated_by, report.updated_at = by, now
    return report.version


def _conflict(report: QuarterlyReport, version: int) -> ReportConflict:
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


def _require(condition: bool, message: str, exc=ReportForbidden):
    if not condition:
        raise exc(message)


def _check_editable(report: QuarterlyReport, *, lock: PeriodLock | None = None) -> None:
    if report.status not in EDITABLE:
        raise ReportNotEditable(
            _("Báo cáo %(period)s đang ở trạng thái “%(status)s”, không sửa được số liệu.")
            % {"period": report.period_label, "status": report.get_status_display()}
        )
    if is_locked_for(report, lock):
        raise ReportNotEditable(
            _("%(period)s đã bị khóa sau hạn báo cáo; đề nghị quản trị mở lại nếu cần sửa.")
            % {"period": report.period_label}
        )


# --- Values. ----------------------------------------------------------------


def report_start(*, unit, year: int, quarter: int, by) -> tuple[QuarterlyReport, bool]:
    """The report of (unit, quarter), created as a draft if there is none yet.
    Only for a unit that existed during the quarter and a quarter that began."""
    access = access_for(by)
    _require(
        access.can_write_unit_figures(unit.pk),
        _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name},
    )
    period = Quarter(year, quarter)
    if not unit.existed_during(period.start, period.end):
        raise ReportNotEditable(
            _("%(unit)s không tồn tại trong %(period)s.") % {"unit": unit.name, "period": period.label}
        )
    if period.start > timezone.localdate():
        raise ReportNotEditable(_("%(period)s chưa bắt đầu.") % {"period": period.label})
    with transaction.atomic():
        report, created = QuarterlyReport.objects.get_or_create(
            unit=unit, year=year, quarter=quarter, defaults={"updated_by": by}
        )
        if created:
            _audit(
                report, action=AuditAction.STATUS, by=by, at=timezone.now(), version=1, after=ReportStatus.DRAFT
            ).save()
    return report, created


@dataclass
class Change:
    code: str
    before: object
    after: object


def diff_values(current: Mapping[str, object], cleaned: Mapping[str, object]) -> list[Change]:
    out = []
    for code, after in cleaned.items():
        before = current.get(code)
        if (before in (None, "")) and (after in (None, "")):
            continue
        if before != after:
            out.append(Change(code, before, after))
    return out


def plan_values(
    *, report: QuarterlyReport | None, raw: Mapping[str, object], cat: Catalogue, current=None, previous=None
):
    """Validate ``raw`` over the report's current values (so that relations
    see the whole report) and work out what changes. Returns (cleaned,
    changes, warnings about changed fields). Used by the single save and,
    row by row, by the Excel import."""
    if current is None:
        current = {} if report is None else {c: _stored(rv, cat.by_code[c]) for c, rv in _current(report).items()}
    merged = {code: value for code, value in current.items() if code in cat.by_code and cat.by_code[code].is_entered}
    merged.update(raw)
    cleaned = validate(merged, indicators=cat.indicators, relations=cat.relations, previous=previous)
    changes = diff_values(current, cleaned.values) if cleaned.is_valid else []
    changed = {c.code for c in changes}
    warnings = [w for w in cleaned.warnings if w.field in changed]
    return cleaned, changes, warnings


def _write_changes(report, changes: list[Change], cat: Catalogue, *, existing: dict[str, ReportValue]):
    """Upsert the changed values of one report; returns the rows to create,
    update and delete so that batch callers can write many reports at once."""
    create, update, delete = [], [], []
    for ch in changes:
        ind = cat.by_code[ch.code]
        rv = existing.get(ch.code)
        empty = ch.after in (None, "")
        if empty:
            if rv is not None:
                delete.append(rv.pk)
            continue
        if rv is None:
            rv = ReportValue(report=report, indicator=ind, bound=Bound.EXACT)
            create.append(rv)
        else:
            update.append(rv)
        if ind.value_type == ValueType.TEXT:
            rv.text_value = ch.after
        else:
            rv.value = ch.after
    return create, update, delete


def _flush_values(create, update, delete):
    if delete:
        ReportValue.objects.filter(pk__in=delete).delete()
    if update:
        ReportValue.objects.bulk_update(update, ["value", "text_value"], batch_size=2000)
    if create:
        ReportValue.objects.bulk_create(create, batch_size=2000)


@transaction.atomic
def report_save_values(
    *,
    report: QuarterlyReport,
    raw: Mapping[str, object],
    version: int,
    by,
    confirm_warnings: bool = False,
    source: str = "form",
    note: str | None = None,
    from_breakdown: bool = False,
) -> list[Change]:
    """Save the values of ``raw`` ({indicator code: raw value}; codes left out
    keep their value, an empty value clears one). Raises ReportInvalid,
    ReportNotEditable, ReportForbidden or ReportConflict; saves nothing then."""
    access = access_for(by)
    _require(
        access.can_write_unit_figures(report.unit_id),
        _("Bạn không có quyền nhập số liệu của đơn vị này."),
    )
    # Claim first: a stale version is a conflict whatever the values are, and
    # on PostgreSQL the claimed row stays locked until this transaction ends.
    new_version = claim_report(report, version=version, by=by)
    _check_editable(report)
    cat = Catalogue()
    current_rows = _current(report)
    current = {c: _stored(rv, cat.by_code[c]) for c, rv in current_rows.items() if c in cat.by_code}
    cleaned, changes, warnings = plan_values(
        report=report, raw=raw, cat=cat, current=current, previous=previous_values(report)
    )
    if not from_breakdown:
        cleaned.issues[:0] = breakdown_issues(report, raw, current, cat)
    if not cleaned.is_valid or (warnings and not confirm_warnings):
        raise ReportInvalid(cleaned.errors, warnings)
    note_changed = note is not None and note != report.note
    if not changes and not note_changed:
        # Nothing to write: give the version back so that nobody else conflicts.
        QuarterlyReport.objects.filter(pk=report.pk).update(version=version)
        report.version = version
        return []
    create, update, delete = _write_changes(report, changes, cat, existing=current_rows)
    _flush_values(create, update, delete)
    now = timezone.now()
    audits = [
        _audit(
            report,
            action=AuditAction.VALUE,
            by=by,
            at=now,
            version=new_version,
            source=source,
            code=ch.code,
            before=_canonical(ch.before),
            after=_canonical(ch.after),
            reason=_("Đã xác nhận cảnh báo") if any(w.field == ch.code for w in warnings) else "",
        )
        for ch in changes
    ]
    if note_changed:
        audits.append(
            _audit(
                report,
                action=AuditAction.VALUE,
                by=by,
                at=now,
                version=new_version,
                source=source,
                code="note",
                before=report.note[:500],
                after=note[:500],
            )
        )
        QuarterlyReport.objects.filter(pk=report.pk).update(note=note)
        report.note = note
    AuditEntry.objects.bulk_create(audits)
    return changes


# --- Workflow. --------------------------------------------------------------


@transaction.atomic
def report_write(
    *,
    unit,
    year: int,
    quarter: int,
    raw: Mapping[str, object],
    version: int,
    by,
    confirm_warnings: bool = False,
    source: str = "form",
    note: str | None = None,
) -> tuple[QuarterlyReport, list[Change]]:
    """Save a ward's values for a quarter, creating its draft when there is
    none yet. ``version`` is the one the writer read; 0 means "read before the
    report existed": only the writer who just created it may then save over
    version 1, anyone else gets a conflict. Used by the form and the API."""
    report, created = report_start(unit=unit, year=year, quarter=quarter, by=by)
    if version == 0:
        version = report.version if created else 0
    changes = report_save_values(
        report=report,
        raw=raw,
        version=version,
        by=by,
        confirm_warnings=confirm_warnings,
        source=source,
        note=note,
    )
    return report, changes


def _status_audit(report, *, before: str, by, version: int, reason: str = "", source: str = "") -> None:
    _audit(
        report,
        action=AuditAction.STATUS,
        by=by,
        at=timezone.now(),
        version=version,
        before=before,
        after=report.status,
        reason=reason,
        source=source,
    ).save()


@transaction.atomic
def report_submit(*, report: QuarterlyReport, version: int, by, source: str = "form") -> QuarterlyReport:
    """Draft or returned → submitted, when every value passes validation."""
    access = access_for(by)
    _require(access.can_write_unit_figures(report.unit_id), _("Bạn không có quyền gửi báo cáo của đơn vị này."))
    before = report.status
    new_version = claim_report(
        report, version=version, by=by, status=ReportStatus.SUBMITTED, submitted_at=timezone.now(), submitted_by=by
    )
    report.status = before  # check against the status that was claimed over
    _check_editable(report)
    report.status = ReportStatus.SUBMITTED
    cat = Catalogue()
    current = {c: _stored(rv, cat.by_code[c]) for c, rv in _current(report).items() if c in cat.by_code}
    if not any(v not in (None, "") for v in current.values()):
        raise ReportInvalid([], [], _("Báo cáo chưa có số liệu nào, chưa gửi được."))
    cleaned = validate(current, indicators=cat.indicators, relations=cat.relations)
    if not cleaned.is_valid:
        raise ReportInvalid(cleaned.errors, [])
    _status_audit(report, before=before, by=by, version=new_version, source=source)
    return report


def _manage_check(report, by, verb: str):
    access = access_for(by)
    _require(
        access.can_manage_unit(report.unit_id),
        _("Chỉ quản trị của cơ quan cấp trên mới được %(verb)s báo cáo.") % {"verb": verb},
    )


@transaction.atomic
def report_approve(*, report: QuarterlyReport, version: int, by, source: str = "form") -> QuarterlyReport:
    """Submitted → approved. The approval is announced inside the transaction
    (par_index marks its ranking stale in the same commit)."""
    _manage_check(report, by, _("duyệt"))
    before = report.status
    new_version = claim_report(
        report,
        version=version,
        by=by,
        status=ReportStatus.APPROVED,
        approved_at=timezone.now(),
        approved_by=by,
        lock_exempt=False,
    )
    if before != ReportStatus.SUBMITTED:
        raise ReportNotEditable(
            _("Chỉ duyệt được báo cáo đã gửi; báo cáo %(period)s đang “%(status)s”.")
            % {"period": report.period_label, "status": ReportStatus(before).label}
        )
    _status_audit(report, before=before, by=by, version=new_version, source=source)
    report_approval_changed.send(sender=QuarterlyReport, report=report, by=by, approved=True)
    return report


@transaction.atomic
def reports_approve(*, items: Iterable[tuple[QuarterlyReport, int]], by, source: str = "form") -> list[QuarterlyReport]:
    """Approve many reports at once: all of them or, on the first refusal or
    conflict, none."""
    return [report_approve(report=r, version=v, by=by, source=source) for r, v in items]


def _reason(reason: str, what: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ReportInvalid(
            [Issue("reason", _("Hãy ghi lý do %(what)s.") % {"what": what}, rule="required")],
            [],
            _("Hãy ghi lý do %(what)s.") % {"what": what},
        )
    return reason


@transaction.atomic
def report_return(*, report: QuarterlyReport, version: int, by, reason: str, source: str = "form") -> QuarterlyReport:
    """Submitted → returned to the ward, with the reviewer's reason."""
    _manage_check(report, by, _("trả lại"))
    reason = _reason(reason, _("trả lại"))
    before = report.status
    new_version = claim_report(
        report,
        version=version,
        by=by,
        status=ReportStatus.RETURNED,
        returned_at=timezone.now(),
        returned_by=by,
        returned_reason=reason,
    )
    if before != ReportStatus.SUBMITTED:
        raise ReportNotEditable(
            _("Chỉ trả lại được báo cáo đã gửi; báo cáo %(period)s đang “%(status)s”. Báo cáo đã duyệt thì mở lại.")
            % {"period": report.period_label, "status": ReportStatus(before).label}
        )
    _status_audit(report, before=before, by=by, version=new_version, reason=reason, source=source)
    return report


@transaction.atomic
def report_reopen(*, report: QuarterlyReport, version: int, by, reason: str, source: str = "form") -> QuarterlyReport:
    """An admin reopens one ward's report, approved or in a locked period: it
    goes back to the ward as returned, exempt from the period lock until it is
    approved again. Announces the end of the approval inside the transaction."""
    _manage_check(report, by, _("mở lại"))
    reason = _reason(reason, _("mở lại"))
    before = report.status
    lock = period_lock_of(report.year, report.quarter)
    if before != ReportStatus.APPROVED and (lock is None or report.lock_exempt):
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
        lock_exempt=lock is not None,
    )
    _audit(
        report, action=AuditAction.REOPEN, by=by, at=now, version=new_version, before=before,
        after=report.status, reason=reason, source=source,
    ).save()  # fmt: skip
    if before == ReportStatus.APPROVED:
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=by, approved=False)
    return report


@transaction.atomic
def period_lock(*, year: int, quarter: int, by, today: datetime.date | None = None) -> PeriodLock:
    """Lock a quarter for every ward, once its deadline has passed."""
    access = access_for(by)
    _require(access.is_admin, _("Chỉ quản trị mới được khóa kỳ báo cáo."))
    period = Quarter(year, quarter)
    today = today or timezone.localdate()
    due = deadline(period)
    if today <= due:
        raise ReportNotEditable(
            _("Chưa hết hạn báo cáo %(period)s (hạn %(due)s), chưa khóa được.")
            % {"period": period.label, "due": formats.date_format(due, "SHORT_DATE_FORMAT")}
        )
    lock, created = PeriodLock.objects.get_or_create(
        year=year, quarter=quarter, defaults={"locked_at": timezone.now(), "locked_by": by}
    )
    if not created:
        raise ReportNotEditable(_("%(period)s đã khóa từ trước.") % {"period": period.label})
    AuditEntry.objects.create(
        report=None, year=year, quarter=quarter, action=AuditAction.LOCK, before="", after="locked",
        at=lock.locked_at, by=by,
    )  # fmt: skip
    return lock
