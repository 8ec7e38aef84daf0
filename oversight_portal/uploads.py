"""Uploaded evidence and documents: limited in size and recognised by their
content (magic bytes, and for Office files the parts inside the zip), never by
their name. A file renamed to .pdf is still refused.

The check is a few lines over the standard library (``zipfile``): a detection
library such as ``filetype`` calls any zip with a word/ entry near its start a
DOCX and does not look at the parts Office needs, which is the check we want.
"""

import uuid
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

MAX_FILES = 10


@dataclass(frozen=True)
class Kind:
    label: str
    extension: str
    content_type: str


PDF = Kind("PDF", "pdf", "application/pdf")
JPEG = Kind("JPEG", "jpg", "image/jpeg")
PNG = Kind("PNG", "png", "image/png")
DOCX = Kind("Word (DOCX)", "docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
XLSX = Kind("Excel (XLSX)", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
ALLOWED_LABEL = "PDF, DOCX, XLSX, JPEG, PNG"


def _office_kind(upload: UploadedFile) -> Kind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None


def detect(upload: UploadedFile) -> Kind | None:
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    return None


def check_upload(upload: UploadedFile, *, field_label: str) -> Kind:
    """The file's kind, or a ValidationError in Vietnamese naming the field and the file."""
    limit_mb = settings.MAX_UPLOAD_BYTES / (1024 * 1024)
    if upload.size > settings.MAX_UPLOAD_BYTES:
        raise ValidationError(
            _("%(field)s: tệp “%(name)s” dung lượng vượt quá giới hạn %(limit)s MB.")
            % {"field": field_label, "name": upload.name, "limit": f"{limit_mb:g}".replace(".", ",")},
            code="too_large",
        )
    if upload.size == 0:
        raise ValidationError(
            _("%(field)s: tệp “%(name)s” rỗng.") % {"field": field_label, "name": upload.name}, code="empty"
        )
    kind = detect(upload)
    if kind is None:
        raise ValidationError(
            _(
                "%(field)s: tệp “%(name)s” không đúng định dạng cho phép (%(allowed)s); loại tệp được xác định theo nội dung, không theo tên."
            )
            % {"field": field_label, "name": upload.name, "allowed": ALLOWED_LABEL},
            code="bad_type",
        )
    return kind


def check_uploads(uploads: list[UploadedFile], *, field_label: str) -> list[tuple[UploadedFile, Kind]]:
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("%(field)s: tối đa %(n)s tệp mỗi lần.") % {"field": field_label, "n": MAX_FILES}, code="too_many"
        )
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload, field_label=field_label)))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


def stored_name(kind: Kind) -> str:
    return f"{uuid.uuid4().hex}.{kind.extension}"
