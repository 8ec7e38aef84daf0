"""Reads: lists filtered by unit, status and overdue; a recommendation's
timeline; the open recommendations of a set of units; the supervisions that
covered a unit. Each runs a constant number of queries."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from supervision.choices import ChangeAction, RecommendationStatus
from supervision.models import (
    Evidence,
    ProgressNote,
    Recommendation,
    RecommendationChange,
    Supervision,
    Verification,
)
from wards.access import access_for
from wards.models import AdministrativeUnit, SupervisingBody


def get_supervision(user, pk: int, *, action: str = "view") -> Supervision:
    """The supervision if the user may ``action`` ("view" or "change") it; 404 to outsiders, 403 to readers."""
    sup = Supervision.objects.for_user(user).select_related("body", "body__unit", "follows_up").filter(pk=pk).first()
    if sup is None:
        raise Http404(_("Không tìm thấy cuộc giám sát."))
    if action != "view" and not sup.allows(user, action):
        raise PermissionDenied(_("Chỉ Đoàn giám sát của cơ quan này được sửa cuộc giám sát."))
    return sup


def get_recommendation(user, pk: int, *, action: str = "view") -> Recommendation:
    """The recommendation if the user may ``action`` ("view", "progress", "verify") it; 404 to outsiders, 403 to readers."""
    rec = (
        Recommendation.objects.for_user(user)
        .select_related("supervision", "supervision__body", "addressee_unit", "addressee_body")
        .filter(pk=pk)
        .first()
    )
    if rec is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    refusals = {
        "view": "",
        "progress": _("Chỉ cán bộ của đơn vị thực hiện kiến nghị được báo cáo tiến độ."),
        "verify": _("Chỉ Đoàn giám sát được xác minh hoặc sửa kiến nghị."),
    }
    if action != "view" and not rec.allows(user, action):
        raise PermissionDenied(refusals[action])
    return rec


def recording_bodies(user) -> QuerySet[SupervisingBody]:
    """The bodies in whose name the user records supervisions."""
    return SupervisingBody.objects.filter(pk__in=access_for(user).supervisor_body_ids).order_by("name")


def today() -> datetime.date:
    """The day in Việt Nam (TIME_ZONE is Asia/Ho_Chi_Minh): 23:59 ICT is still
    the deadline day, 00:00 ICT is the next one."""
    return timezone.localdate()


def recommendation_list(
    *,
    user,
    unit: str | int | None = None,
    status: str | None = None,
    overdue: bool | None = None,
    body: int | None = None,
    supervision: int | None = None,
    on: datetime.date | None = None,
) -> QuerySet[Recommendation]:
    """The recommendations the user may read, filtered. ``unit`` is a unit's
    code or its id (an int)."""
    qs = Recommendation.objects.for_user(user).select_related(
        "supervision", "supervision__body", "addressee_unit", "addressee_body"
    )
    if isinstance(unit, int):
        qs = qs.filter(addressee_unit_id=unit)
    elif unit:
        qs = qs.filter(addressee_unit__code=unit)
    if status:
        qs = qs.filter(status=status)
    if body:
        qs = qs.filter(supervision__body_id=body)
    if supervision:
        qs = qs.filter(supervision_id=supervision)
    if overdue is True:
        qs = qs.overdue(on or today())
    elif overdue is False:
        qs = qs.not_overdue(on or today())
    return qs.order_by("deadline", "supervision__date", "number", "pk")


def supervision_list(*, user) -> QuerySet[Supervision]:
    return (
        Supervision.objects.for_user(user)
        .select_related("body")
        .prefetch_related("topics", "units")
        .annotate(
            recommendation_count=Count("recommendations", distinct=True),
            open_count=Count(
                "recommendations",
                filter=Q(recommendations__status__in=["not_started", "in_progress"]),
                distinct=True,
            ),
        )
        .order_by("-date", "-pk")
    )


def supervision_detail(supervision: Supervision, *, user) -> dict:
    """What the supervision page shows, with the recommendations the user may read."""
    sup = (
        Supervision.objects.filter(pk=supervision.pk)
        .select_related("body", "follows_up", "created_by")
        .prefetch_related("topics", "units", "members", "findings__unit", "documents__unit")
        .get()
    )
    recs = list(recommendation_list(user=user, supervision=sup.pk).order_by("number", "pk"))
    earlier, verdicts = [], {}
    if sup.follows_up_id:
        earlier = list(recommendation_list(user=user, supervision=sup.follows_up_id).order_by("number", "pk"))
        verdicts = {v.recommendation_id: v for v in Verification.objects.filter(supervision=sup).select_related("by")}
    return {
        "supervision": sup,
        "recommendations": recs,
        "earlier": [(rec, verdicts.get(rec.pk)) for rec in earlier],
        "follow_ups": list(Supervision.objects.for_user(user).filter(follows_up=sup).order_by("date")),
    }


@dataclass
class Event:
    at: datetime.datetime
    kind: str  # "note", "verification", "change"
    obj: object


def timeline(rec: Recommendation) -> list[Event]:
    """Notes, verifications and the audit trail, oldest first (four queries)."""
    notes = (
        ProgressNote.objects.filter(recommendation=rec)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("pk")))
    )
    verifications = Verification.objects.filter(recommendation=rec).select_related("by", "supervision")
    events = [Event(n.created_at, "note", n) for n in notes]
    events += [Event(v.at, "verification", v) for v in verifications]
    events.sort(key=lambda e: (e.at, e.kind))
    return events


FIELD_LABELS = {
    "number": _("Số thứ tự"),
    "text": _("Nội dung"),
    "addressee_unit_id": _("Đơn vị thực hiện"),
    "addressee_body_id": _("Cơ quan thực hiện"),
    "deadline": _("Thời hạn"),
    "status": _("Tình trạng"),
    "reason": _("Lý do"),
    "verified_at": _("Xác minh lúc"),
}


def _show(name: str, value, units: dict, bodies: dict) -> str:
    if value in (None, ""):
        return "—"
    if name == "status":
        try:
            return str(RecommendationStatus(value).label)
        except ValueError:
            return str(value)
    if name == "deadline":
        return formats.date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    if name == "verified_at":
        moment = timezone.localtime(datetime.datetime.fromisoformat(value))
        return formats.date_format(moment, "SHORT_DATETIME_FORMAT")
    if name == "addressee_unit_id":
        return units.get(value, str(value))
    if name == "addressee_body_id":
        return bodies.get(value, str(value))
    return str(value)


@dataclass
class AuditRow:
    change: RecommendationChange
    fields: list[tuple[str, str, str]]  # label, before, after


def audit_trail(rec: Recommendation) -> list[AuditRow]:
    changes = list(RecommendationChange.objects.filter(recommendation=rec).select_related("by"))
    unit_ids, body_ids = set(), set()
    for c in changes:
        for d in (c.before, c.after):
            if d.get("addressee_unit_id"):
                unit_ids.add(d["addressee_unit_id"])
            if d.get("addressee_body_id"):
                body_ids.add(d["addressee_body_id"])
    units = dict(AdministrativeUnit.objects.filter(pk__in=unit_ids).values_list("pk", "name")) if unit_ids else {}
    bodies = dict(SupervisingBody.objects.filter(pk__in=body_ids).values_list("pk", "name")) if body_ids else {}
    rows = []
    for c in changes:
        names = [n for n in FIELD_LABELS if n in c.before or n in c.after]
        if c.action == ChangeAction.CREATED:
            names = [n for n in names if c.after.get(n) not in (None, "")]
        rows.append(
            AuditRow(
                c,
                [
                    (
                        str(FIELD_LABELS[n]),
                        _show(n, c.before.get(n), units, bodies),
                        _show(n, c.after.get(n), units, bodies),
                    )
                    for n in names
                ],
            )
        )
    return rows


def open_recommendations(*, user, unit_ids, on: datetime.date | None = None) -> list[Recommendation]:
    """Open recommendations addressed to ``unit_ids`` that the user may read, overdue first."""
    on = on or today()
    recs = list(
        Recommendation.objects.for_user(user)
        .open()
        .filter(addressee_unit_id__in=unit_ids)
        .select_related("supervision", "addressee_unit")
        .order_by("deadline", "pk")
    )
    recs.sort(key=lambda r: (not r.is_overdue(on), r.deadline or datetime.date.max))
    return recs


def supervisions_covering(*, user, units: list[AdministrativeUnit]) -> list[Supervision]:
    """The supervisions the user may read that covered any of ``units`` (a ward
    and the wards merged into it), each with ``covered``: which of them."""
    ids = {u.pk for u in units}
    sups = list(
        Supervision.objects.for_user(user)
        .filter(units__in=ids)
        .distinct()
        .select_related("body")
        .prefetch_related("topics", "units")
        .order_by("-date", "-pk")
    )
    for sup in sups:
        sup.covered = [u for u in sup.units.all() if u.pk in ids]
    return sups
