"""Publishing and withdrawing: the council's decision, taken by the supervision
team or an admin of the body (a membership: a superuser alone publishes nothing).
Each write is atomic and makes every public page and dataset stale after commit."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import PaperStatus
from documents.models import Paper
from par_index.models import OfficialRanking, OfficialResult
from public import cache
from public.choices import PublicationKind
from public.models import Publication
from supervision.models import Supervision
from wards.access import access_for
from wards.choices import BodyKind, Role
from wards.models import SupervisingBody

FIRST_YEAR, LAST_YEAR = 2000, 2100


def publisher_body_ids(user) -> frozenset[int]:
    """The bodies in whose name ``user`` publishes: as its supervision team or its admin."""
    access = access_for(user)
    return access.supervisor_body_ids | access.bodies_as(Role.ADMIN)


def may_publish(user, body: SupervisingBody) -> bool:
    return body.kind == BodyKind.HDND and body.pk in publisher_body_ids(user)


def _require(user, body: SupervisingBody) -> None:
    if not may_publish(user, body):
        raise PermissionDenied(
            _("Chỉ Đoàn giám sát hoặc quản trị của %(body)s mới công bố nội dung của cơ quan này.") % {"body": body}
        )


def _check_target(*, body, kind, supervision, paper, ranking, year) -> None:
    """The thing is the body's own and fit to be public: its supervision, an issued document of
    a supervision it has published, an official ranking covering its units, a year."""
    if kind == PublicationKind.SUPERVISION:
        if supervision is None or supervision.body_id != body.pk:
            raise ValidationError({"supervision": _("Cuộc giám sát không phải của %(body)s.") % {"body": body}})
    elif kind == PublicationKind.PAPER:
        if paper is None or paper.supervision.body_id != body.pk:
            raise ValidationError({"paper": _("Văn bản không thuộc cuộc giám sát của %(body)s.") % {"body": body}})
        if paper.status != PaperStatus.ISSUED:
            raise ValidationError({"paper": _("Chỉ công bố văn bản đã ban hành, không công bố dự thảo.")})
        if not Publication.objects.active().filter(body=body, supervision=paper.supervision_id).exists():
            raise ValidationError({"paper": _("Hãy công bố cuộc giám sát trước khi công bố văn bản của nó.")})
    elif kind == PublicationKind.RANKING:
        covers = ranking is not None and (
            OfficialResult.objects.filter(ranking=ranking, unit__in=body.supervised_units()).exists()
        )
        if not covers:
            raise ValidationError(
                {"ranking": _("Kết quả xếp hạng này không có đơn vị nào do %(body)s giám sát.") % {"body": body}}
            )
    elif kind == PublicationKind.FIGURES:
        if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                {"year": _("“Năm số liệu” phải từ %(a)s đến %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR}}
            )
    else:
        raise ValidationError({"kind": _("Nội dung công bố không hợp lệ.")})


@transaction.atomic
def publication_publish(
    *,
    body: SupervisingBody,
    kind: str,
    by,
    supervision: Supervision | None = None,
    paper: Paper | None = None,
    ranking: OfficialRanking | None = None,
    year: int | None = None,
    at=None,
) -> Publication:
    """Publish (idempotent: an already live publication is returned as it is)."""
    _require(by, body)
    _check_target(body=body, kind=kind, supervision=supervision, paper=paper, ranking=ranking, year=year)
    target = {"supervision": supervision, "paper": paper, "ranking": ranking, "year": year}
    live = Publication.objects.active().filter(body=body, kind=kind, **target).first()
    if live is not None:
        return live
    publication = Publication.objects.create(
        body=body, kind=kind, published_by=by, published_at=at or timezone.now(), **target
    )
    cache.bump_on_commit()
    return publication


@transaction.atomic
def publication_withdraw(*, publication: Publication, by) -> Publication:
    """Withdraw; a supervision's published documents go with it (they are read on its page)."""
    _require(by, publication.body)
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.withdrawn_at is not None:
        return publication
    now = timezone.now()
    which = Q(pk=publication.pk)
    if publication.kind == PublicationKind.SUPERVISION:
        which |= Q(kind=PublicationKind.PAPER, paper__supervision=publication.supervision_id)
    rows = Publication.objects.active().filter(which, body=publication.body_id)
    rows.update(withdrawn_at=now, withdrawn_by=by)
    cache.bump_on_commit()
    publication.refresh_from_db()
    return publication
