"""Writes: record a supervision, add recommendations, report progress, verify.
Every change to a recommendation leaves a RecommendationChange row (who, when,
before, after). Errors are ValidationError keyed by the field at fault, in
Vietnamese, and nothing is half-saved (each service is one transaction)."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.uploads import check_file, check_files, stored_name
from supervision.choices import (
    ADDRESSEE_STATUSES,
    REASON_REQUIRED,
    ChangeAction,
    MemberRole,
    RecommendationStatus,
    SupervisionKind,
)
from supervision.models import (
    DelegationMember,
    Evidence,
    Finding,
    ProgressNote,
    Recommendation,
    RecommendationChange,
    Supervision,
    SupervisionDocument,
    Verification,
)

AUDITED_FIELDS = ("number", "text", "addressee_unit_id", "addressee_body_id", "deadline", "status", "reason")


def _snapshot(rec: Recommendation, fields=AUDITED_FIELDS) -> dict:
    out = {}
    for name in fields:
        value = getattr(rec, name)
        out[name] = value.isoformat() if isinstance(value, datetime.date) else value
    return out


def _audit(rec: Recommendation, *, by, action: str, before: dict, at=None) -> RecommendationChange | None:
    after = _snapshot(rec, before.keys()) if before else _snapshot(rec)
    changed_before = {k: v for k, v in before.items() if after.get(k) != v}
    changed_after = {k: after[k] for k in changed_before} if before else after
    if before and not changed_before and action == ChangeAction.UPDATED:
        return None
    return RecommendationChange.objects.create(
        recommendation=rec, action=action, by=by, at=at or timezone.now(), before=changed_before, after=changed_after
    )


def _require(allowed: bool, message: str) -> None:
    """Who acts is checked here too, not only by the page or the API that called."""
    if not allowed:
        raise PermissionDenied(message)


def _require_team(supervision: Supervision, by) -> None:
    _require(supervision.allows(by, "change"), _("Chỉ Đoàn giám sát của cơ quan này được ghi nhận, sửa cuộc giám sát."))


def _check_reason(status: str, reason: str, field: str = "reason") -> None:
    if status in REASON_REQUIRED and not (reason or "").strip():
        raise ValidationError(
            {
                field: _("Lý do: bắt buộc khi tình trạng là “%(status)s”.")
                % {"status": RecommendationStatus(status).label}
            }
        )


# --- Supervisions ---------------------------------------------------------------------------------


@transaction.atomic
def supervision_record(
    *,
    supervision: Supervision,
    by,
    units,
    topics=(),
    members: list[dict] | None = None,
    findings: list[dict] | None = None,
) -> Supervision:
    """Create or update a supervision with its units, topics, delegation and
    findings (given lists replace what was there)."""
    _require_team(supervision, by)
    if supervision.kind == SupervisionKind.RESUPERVISION and supervision.follows_up_id is None:
        raise ValidationError({"follows_up": _("Cuộc giám sát được tái giám sát: bắt buộc với tái giám sát.")})
    if supervision.follows_up_id and supervision.follows_up_id == supervision.pk:
        raise ValidationError({"follows_up": _("Cuộc giám sát được tái giám sát: không thể là chính nó.")})
    if not units:
        raise ValidationError({"units": _("Đơn vị được giám sát: chọn ít nhất một đơn vị.")})
    if supervision.period_start and supervision.period_end and supervision.period_start > supervision.period_end:
        raise ValidationError({"period_end": _("Thời kỳ giám sát đến: phải sau ngày bắt đầu.")})
    if members is not None and sum(1 for m in members if m.get("role") == MemberRole.HEAD) > 1:
        raise ValidationError({"members": _("Đoàn giám sát: chỉ có một Trưởng đoàn.")})
    if supervision.pk is None:
        supervision.created_by = by
    supervision.save()
    supervision.units.set(units)
    supervision.topics.set(topics)
    if members is not None:
        supervision.members.all().delete()
        DelegationMember.objects.bulk_create(
            DelegationMember(supervision=supervision, order=m.get("order") or i, **_only(m, MEMBER_FIELDS))
            for i, m in enumerate(members, start=1)
        )
    if findings is not None:
        supervision.findings.all().delete()
        Finding.objects.bulk_create(
            Finding(supervision=supervision, order=f.get("order") or i, **_only(f, FINDING_FIELDS))
            for i, f in enumerate(findings, start=1)
        )
    return supervision


MEMBER_FIELDS = ("name", "position", "role", "user")
FINDING_FIELDS = ("kind", "text", "cause", "unit")


def _only(data: dict, fields) -> dict:
    return {k: data[k] for k in fields if k in data}


def _store(model, upload: UploadedFile, file_kind, *, by, **fields):
    obj = model(
        original_name=upload.name[:255], content_type=file_kind.content_type, size=upload.size, uploaded_by=by, **fields
    )
    upload.seek(0)
    obj.file.save(stored_name(file_kind), upload, save=False)
    obj.save()
    return obj


@transaction.atomic
def document_add(*, supervision: Supervision, by, kind: str, upload: UploadedFile, title: str = "", unit=None):
    _require_team(supervision, by)
    file_kind = check_file(upload, field_label=_("Tệp tài liệu"))
    return _store(
        SupervisionDocument, upload, file_kind, by=by, supervision=supervision, kind=kind, title=title, unit=unit
    )


# --- Recommendations ------------------------------------------------------------------------------


@transaction.atomic
def recommendation_create(
    *,
    supervision: Supervision,
    by,
    text: str,
    addressee_unit=None,
    addressee_body=None,
    deadline: datetime.date | None = None,
    number: int | None = None,
    status: str = RecommendationStatus.NOT_STARTED,
    reason: str = "",
    is_demo: bool = False,
    at: datetime.datetime | None = None,
) -> Recommendation:
    _require_team(supervision, by)
    if not (text or "").strip():
        raise ValidationError({"text": _("Nội dung kiến nghị: không được để trống.")})
    if (addressee_unit is None) == (addressee_body is None):
        raise ValidationError({"addressee_unit": _("Đơn vị thực hiện: chọn một đơn vị hoặc một cơ quan (chỉ một).")})
    _check_reason(status, reason)
    if number is None:
        number = supervision.recommendations.count() + 1
    rec = Recommendation.objects.create(
        supervision=supervision,
        number=number,
        text=text.strip(),
        addressee_unit=addressee_unit,
        addressee_body=addressee_body,
        deadline=deadline,
        status=status,
        reason=reason,
        is_demo=is_demo,
    )
    _audit(rec, by=by, action=ChangeAction.CREATED, before={}, at=at)
    return rec


@transaction.atomic
def recommendation_update(*, recommendation: Recommendation, by, **changes) -> Recommendation:
    """The team corrects a recommendation's text, addressee or deadline; audited."""
    _require(recommendation.allows(by, "verify"), _("Chỉ Đoàn giám sát được sửa kiến nghị."))
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    before = _snapshot(rec)
    for name, value in changes.items():
        if name not in ("number", "text", "addressee_unit", "addressee_body", "deadline"):
            raise ValueError(name)
        setattr(rec, name, value)
    if not (rec.text or "").strip():
        raise ValidationError({"text": _("Nội dung kiến nghị: không được để trống.")})
    if (rec.addressee_unit_id is None) == (rec.addressee_body_id is None):
        raise ValidationError({"addressee_unit": _("Đơn vị thực hiện: chọn một đơn vị hoặc một cơ quan (chỉ một).")})
    rec.save()
    _audit(rec, by=by, action=ChangeAction.UPDATED, before=before)
    return rec


@transaction.atomic
def progress_note_add(
    *,
    recommendation: Recommendation,
    by,
    text: str,
    status: str,
    reason: str = "",
    files: list[UploadedFile] = (),
    at: datetime.datetime | None = None,
) -> ProgressNote:
    """The addressee reports progress and the status it has reached, with
    evidence. Any earlier verification no longer holds."""
    _require(
        recommendation.allows(by, "progress"), _("Chỉ cán bộ của đơn vị thực hiện kiến nghị được báo cáo tiến độ.")
    )
    if not (text or "").strip():
        raise ValidationError({"text": _("Nội dung báo cáo: không được để trống.")})
    if status not in ADDRESSEE_STATUSES:
        raise ValidationError(
            {"status": _("Tình trạng: đơn vị không được tự chọn “%(status)s”.") % {"status": _label(status)}}
        )
    _check_reason(status, reason)
    try:
        checked = check_files(list(files), field_label=_("Tài liệu kiểm chứng"))
    except ValidationError as error:
        raise ValidationError({"files": error.messages}) from error
    # Lock the row: a note and a verification at the same moment must not both
    # read the old status and overwrite each other's audit "before".
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    at = at or timezone.now()
    before = _snapshot(rec, ("status", "reason", "verified_at"))
    stored: list[Evidence] = []
    try:
        note = ProgressNote.objects.create(
            recommendation=rec, author=by, text=text.strip(), status=status, created_at=at
        )
        for upload, kind in checked:
            stored.append(_store(Evidence, upload, kind, by=by, note=note))
        rec.status = status
        rec.reason = reason.strip() if status in REASON_REQUIRED else ""
        rec.verified_at, rec.verified_by = None, None
        rec.save()
        _audit_fields(rec, by=by, action=ChangeAction.PROGRESS, before=before, at=at)
    except Exception:
        # The rows roll back with the transaction; the files written so far must go too.
        for evidence in stored:
            evidence.file.delete(save=False)
        raise
    return note


@transaction.atomic
def recommendation_verify(
    *,
    recommendation: Recommendation,
    by,
    status: str,
    note: str = "",
    reason: str = "",
    supervision: Supervision | None = None,
    at: datetime.datetime | None = None,
) -> Verification:
    """The supervision team's verdict; as part of a re-supervision when
    ``supervision`` is given (one verdict per recommendation per re-supervision)."""
    _require(recommendation.allows(by, "verify"), _("Chỉ Đoàn giám sát được xác minh kiến nghị."))
    if supervision is not None:
        _require_team(supervision, by)
    if status not in RecommendationStatus.values:
        raise ValidationError({"status": _("Kết luận: giá trị không hợp lệ.")})
    _check_reason(status, reason or note)
    rec = Recommendation.objects.select_for_update().get(pk=recommendation.pk)
    if supervision is not None and supervision.follows_up_id != rec.supervision_id:
        raise ValidationError(
            {"supervision": _("Cuộc tái giám sát: không theo dõi cuộc giám sát đã đưa ra kiến nghị này.")}
        )
    at = at or timezone.now()
    before = _snapshot(rec, ("status", "reason", "verified_at"))
    if supervision is not None:
        verification, _created = Verification.objects.update_or_create(
            supervision=supervision, recommendation=rec, defaults={"status": status, "note": note, "by": by, "at": at}
        )
    else:
        verification = Verification.objects.create(recommendation=rec, status=status, note=note, by=by, at=at)
    rec.status = status
    if status in REASON_REQUIRED:
        rec.reason = (reason or note).strip()
    elif status == RecommendationStatus.DONE:
        rec.reason = ""
    rec.verified_at, rec.verified_by = at, by
    rec.save()
    _audit_fields(rec, by=by, action=ChangeAction.VERIFIED, before=before, at=at)
    return verification


def _audit_fields(rec: Recommendation, *, by, action: str, before: dict, at) -> RecommendationChange:
    after = {}
    for name in before:
        value = getattr(rec, name)
        after[name] = value.isoformat() if isinstance(value, datetime.date | datetime.datetime) else value
    changed = [k for k in before if before[k] != after[k]]
    return RecommendationChange.objects.create(
        recommendation=rec,
        action=action,
        by=by,
        at=at,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )


def _label(status: str) -> str:
    try:
        return str(RecommendationStatus(status).label)
    except ValueError:
        return status
