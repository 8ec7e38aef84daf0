"""Reads: the documents of a supervision as its page lists them."""

from dataclasses import dataclass, field

from django.http import Http404
from django.utils.translation import gettext as _

from documents.choices import PaperKind, PaperStatus
from documents.context import kinds_for, suffix_of
from documents.models import Paper


@dataclass
class KindRow:
    kind: str
    label: str
    suffix: str
    draft: Paper | None = None
    issued: list[Paper] = field(default_factory=list)


def papers_of(supervision, *, user) -> list[KindRow]:
    """A row per kind the supervision goes through, with its draft (for the team) and its issued versions (1 query)."""
    rows = {
        kind: KindRow(kind, str(PaperKind(kind).label), suffix_of(kind, supervision)) for kind in kinds_for(supervision)
    }
    for paper in (
        Paper.objects.for_user(user).filter(supervision=supervision).select_related("generated_by", "issued_by")
    ):
        row = rows.get(paper.kind)
        if row is None:
            continue
        if paper.status == PaperStatus.DRAFT:
            row.draft = paper
        else:
            row.issued.append(paper)
    for row in rows.values():
        row.issued.sort(key=lambda p: -p.version)
    return list(rows.values())


def get_paper(user, pk: int, *, action: str = "view") -> Paper:
    paper = (
        Paper.objects.for_user(user, action).select_related("supervision", "supervision__body").filter(pk=pk).first()
    )
    if paper is None:
        raise Http404(_("Không tìm thấy văn bản."))
    return paper
