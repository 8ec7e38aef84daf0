"""Writes of supervision documents: draft (again), issue. Both atomic, both check who acts.

A draft is one row per kind, generated again at will (its version goes up, its
old files are deleted). Issuing renders the files one last time with the
number and the date and without the "DỰ THẢO" mark, and freezes the row: the
services refuse to touch it, and Paper.save() refuses any path that tries.
"""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from documents.choices import PaperFormat, PaperKind, PaperStatus
from documents.context import default_day, kinds_for, paper_context
from documents.models import Paper
from documents.render import render_docx, render_pdf
from supervision.models import Supervision

# "12/BC-ĐGS": a number, a slash, the kind's abbreviation and the body's (Nghị định 30/2020, Phụ lục I).
NUMBER = re.compile(r"^\d{1,6}/[0-9A-ZĐ][0-9A-Za-zĐđ.\-]{1,40}$")


def _require_team(supervision: Supervision, by) -> None:
    if not supervision.allows(by, "change"):
        raise PermissionDenied(_("Chỉ Đoàn giám sát của cơ quan này được soạn và ban hành văn bản."))


def _check_kind(supervision: Supervision, kind: str) -> None:
    if kind not in kinds_for(supervision):
        raise ValidationError(
            {"kind": _("Loại văn bản: “%(kind)s” không dùng cho cuộc giám sát này.") % {"kind": kind}}
        )


def _check_number(number: str, *, required: bool) -> str:
    number = (number or "").strip()
    if not number:
        if required:
            raise ValidationError({"number": _("Số, ký hiệu: cần ghi số văn bản khi ban hành, ví dụ 12/BC-ĐGS.")})
        return ""
    if not NUMBER.match(number):
        raise ValidationError(
            {"number": _("Số, ký hiệu: “%(n)s” không đúng dạng số/ký hiệu, ví dụ 12/BC-ĐGS.") % {"n": number}}
        )
    return number


def file_name(paper_kind: str, number: str, version: int, fmt: str) -> str:
    base = {
        PaperKind.DECISION: "quyet-dinh",
        PaperKind.PLAN: "ke-hoach",
        PaperKind.OUTLINE: "de-cuong",
        PaperKind.REPORT: "bao-cao",
        PaperKind.RESOLUTION: "nghi-quyet",
        PaperKind.CONCLUSION: "thong-bao-ket-luan",
    }[paper_kind]
    ascii_number = re.sub(r"[^0-9A-Za-z]+", "-", number.replace("Đ", "D").replace("đ", "d")).strip("-")
    suffix = ascii_number if number else f"du-thao-{version}"
    return f"{base}-{suffix}.{fmt}"


def render_files(supervision: Supervision, kind: str, *, number: str, day, draft: bool) -> tuple[bytes, bytes]:
    context = paper_context(supervision, kind, number=number, day=day, draft=draft)
    return render_docx(kind, context), render_pdf(kind, context)


def paper_generate(
    *, supervision: Supervision, kind: str, by, number: str = "", day: datetime.date | None = None
) -> Paper:
    """Draft the document of ``kind`` from what the portal holds now (again, if a draft exists).
    Without ``day``, the date the portal knows for the kind (the supervision's day for its report)."""
    _require_team(supervision, by)
    _check_kind(supervision, kind)
    number = _check_number(number, required=False)
    day = day or default_day(kind, supervision)
    docx, pdf = render_files(supervision, kind, number=number, day=day, draft=True)
    with transaction.atomic():
        # The lock makes two clicks on "Soạn lại" take turns instead of racing for the version number.
        Supervision.objects.select_for_update().filter(pk=supervision.pk).first()
        draft = Paper.objects.filter(supervision=supervision, kind=kind, status=PaperStatus.DRAFT).first()
        last = Paper.objects.filter(supervision=supervision, kind=kind).aggregate(v=Max("version"))["v"] or 0
        old_files = (draft.docx.name, draft.pdf.name) if draft else ()
        paper = draft or Paper(supervision=supervision, kind=kind)
        paper.version, paper.number, paper.issued_on = last + 1, number, day
        paper.generated_by, paper.generated_at = by, timezone.now()
        paper.docx.save(file_name(kind, number, paper.version, PaperFormat.DOCX), ContentFile(docx), save=False)
        paper.pdf.save(file_name(kind, number, paper.version, PaperFormat.PDF), ContentFile(pdf), save=False)
        paper.save()
        storage = paper.docx.storage
        for name in old_files:
            transaction.on_commit(lambda name=name: storage.delete(name))
    return paper


def paper_issue(*, paper: Paper, by, number: str, day: datetime.date | None) -> Paper:
    """Issue a draft with its number and date: the files are rendered one last time and kept as issued."""
    supervision = paper.supervision
    _require_team(supervision, by)
    number = _check_number(number, required=True)
    if day is None:
        raise ValidationError({"issued_on": _("Ngày văn bản: cần ghi ngày ban hành.")})
    clash = Paper.objects.filter(
        supervision__body_id=supervision.body_id, status=PaperStatus.ISSUED, number=number, issued_on__year=day.year
    )
    if clash.exists():
        raise ValidationError(
            {
                "number": _("Số, ký hiệu: số %(n)s đã dùng cho văn bản khác của cơ quan năm %(y)s.")
                % {"n": number, "y": day.year}
            }
        )
    docx, pdf = render_files(supervision, paper.kind, number=number, day=day, draft=False)
    with transaction.atomic():
        current = Paper.objects.select_for_update().get(pk=paper.pk)
        if current.status != PaperStatus.DRAFT:
            raise ValidationError(_("Văn bản này đã ban hành, không thể thay đổi."))
        old_files = (current.docx.name, current.pdf.name)
        current.number, current.issued_on = number, day
        current.docx.save(
            file_name(current.kind, number, current.version, PaperFormat.DOCX), ContentFile(docx), save=False
        )
        current.pdf.save(
            file_name(current.kind, number, current.version, PaperFormat.PDF), ContentFile(pdf), save=False
        )
        current.status, current.issued_by, current.issued_at = PaperStatus.ISSUED, by, timezone.now()
        current.save()
        storage = current.docx.storage
        for name in old_files:
            transaction.on_commit(lambda name=name: storage.delete(name))
    return current
