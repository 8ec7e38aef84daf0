"""Who may read and change supervisions and recommendations: the one entry
point, built on ``wards.access.access_for``. Views, the API and services call
these; nothing filters ad hoc.

- The supervision team (supervisors and admins of the body) reads its body's
  supervisions, records them, and alone verifies recommendations.
- A clerk reads the supervisions that covered their unit and the
  recommendations addressed to it, and alone writes progress notes on them.
- A superuser reads everything, but writes only through a membership: every
  write is someone's job.
- Outsiders get 404 (they are not told the object exists); readers who may not
  do the action get 403.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from supervision.models import Recommendation, Supervision
from wards.access import Access, access_for
from wards.models import SupervisingBody


def supervisions_for(user) -> QuerySet[Supervision]:
    access = access_for(user)
    qs = Supervision.objects.all()
    if access.is_superuser:
        return qs
    if not access.is_authenticated:
        return qs.none()
    addressed = Recommendation.objects.filter(supervision=OuterRef("pk")).filter(
        Q(addressee_unit_id__in=access.clerk_unit_ids) | Q(addressee_body_id__in=access.body_ids)
    )
    covered = Supervision.units.through.objects.filter(
        supervision_id=OuterRef("pk"), administrativeunit_id__in=access.clerk_unit_ids
    )
    return qs.filter(Q(body_id__in=access.body_ids) | Exists(covered) | Exists(addressed))


def recommendations_for(user) -> QuerySet[Recommendation]:
    access = access_for(user)
    qs = Recommendation.objects.all()
    if access.is_superuser:
        return qs
    if not access.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(supervision__body_id__in=access.body_ids)
        | Q(addressee_unit_id__in=access.clerk_unit_ids)
        | Q(addressee_body_id__in=access.body_ids)
    )


def recording_bodies(user) -> QuerySet[SupervisingBody]:
    """The bodies in whose name the user records supervisions."""
    return SupervisingBody.objects.filter(pk__in=access_for(user).body_ids).order_by("name")


def can_record(access: Access, body_id: int) -> bool:
    return body_id in access.body_ids


def can_edit_supervision(access: Access, supervision: Supervision) -> bool:
    return can_record(access, supervision.body_id)


def can_write_progress(access: Access, rec: Recommendation) -> bool:
    """Only the addressee writes progress: the clerks of the unit, or the members of the body."""
    if rec.addressee_unit_id:
        return rec.addressee_unit_id in access.clerk_unit_ids
    return rec.addressee_body_id in access.body_ids


def can_verify(access: Access, rec: Recommendation) -> bool:
    """Only the supervision team (members of the body that made the recommendation)."""
    return rec.supervision.body_id in access.body_ids


def get_supervision(user, pk: int, *, action: str = "read") -> Supervision:
    """The supervision if the user may ``action`` ("read" or "edit") it; 404 to outsiders, 403 to readers."""
    sup = supervisions_for(user).select_related("body", "body__unit", "follows_up").filter(pk=pk).first()
    if sup is None:
        raise Http404(_("Không tìm thấy cuộc giám sát."))
    if action == "edit" and not can_edit_supervision(access_for(user), sup):
        raise PermissionDenied(_("Chỉ Đoàn giám sát của cơ quan này được sửa cuộc giám sát."))
    return sup


def get_recommendation(user, pk: int, *, action: str = "read") -> Recommendation:
    """The recommendation if the user may ``action`` ("read", "progress", "verify", "edit") it."""
    rec = (
        recommendations_for(user)
        .select_related("supervision", "supervision__body", "addressee_unit", "addressee_body")
        .filter(pk=pk)
        .first()
    )
    if rec is None:
        raise Http404(_("Không tìm thấy kiến nghị."))
    access = access_for(user)
    if action == "progress" and not can_write_progress(access, rec):
        raise PermissionDenied(_("Chỉ cán bộ của đơn vị thực hiện kiến nghị được báo cáo tiến độ."))
    if action in ("verify", "edit") and not can_verify(access, rec):
        raise PermissionDenied(_("Chỉ Đoàn giám sát được xác minh hoặc sửa kiến nghị."))
    return rec
