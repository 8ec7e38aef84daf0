"""Uploads, checked before anything reads them.

Evidence and documents: limited in size and recognised by their
content (magic bytes, and for Office files the parts inside the zip), never by
their name. A file renamed to .pdf is still refused.

The check is a few lines over the standard library (``zipfile``): a detection
library such as ``filetype`` calls any zip with a word/ entry near its start a
DOCX and does not look at the parts Office needs, which is the check we want.
"""

import io
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


class ZipBomb(Exception):
    pass


def _office_kind(upload: UploadedFile) -> Kind | None:
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    # The same bounds as for a spreadsheet (check_workbook): a .docx that inflates to
    # gigabytes would be served to supervisors and opened by their Word.
    if len(infos) > MAX_ENTRIES or sum(i.file_size for i in infos) > MAX_UNCOMPRESSED:
        raise ZipBomb
    if any(i.file_size > 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1) for i in infos):
        raise ZipBomb
    names = {i.filename for i in infos}
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


def check_file(upload: UploadedFile, *, field_label: str) -> Kind:
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
    try:
        kind = detect(upload)
    except ZipBomb:
        raise ValidationError(
            _(
                "%(field)s: tệp “%(name)s” khi giải nén quá lớn hoặc có tỷ lệ nén bất thường, có thể là tệp độc hại (zip bomb)."
            )
            % {"field": field_label, "name": upload.name},
            code="zip_bomb",
        ) from None
    if kind is None:
        raise ValidationError(
            _(
                "%(field)s: tệp “%(name)s” không đúng định dạng cho phép (%(allowed)s); loại tệp được xác định theo nội dung, không theo tên."
            )
            % {"field": field_label, "name": upload.name, "allowed": ALLOWED_LABEL},
            code="bad_type",
        )
    return kind


def check_files(uploads: list[UploadedFile], *, field_label: str) -> list[tuple[UploadedFile, Kind]]:
    if len(uploads) > MAX_FILES:
        raise ValidationError(
            _("%(field)s: tối đa %(n)s tệp mỗi lần.") % {"field": field_label, "n": MAX_FILES}, code="too_many"
        )
    errors, checked = [], []
    for upload in uploads:
        try:
            checked.append((upload, check_file(upload, field_label=field_label)))
        except ValidationError as error:
            errors.append(error)
    if errors:
        raise ValidationError(errors)
    return checked


def stored_name(kind: Kind) -> str:
    return f"{uuid.uuid4().hex}.{kind.extension}"


# --- Spreadsheets to import: bytes checked as a container before openpyxl opens them. ---

# Limits checked on the zip container BEFORE openpyxl opens it. zipfile never
# inflates an entry past its declared size, so declared sizes bound the work.
MAX_ENTRIES = 200
MAX_UNCOMPRESSED = 300 * 1024 * 1024
MAX_RATIO = 150  # per entry above 1 MB; ordinary sheets compress 5–30×


class UnsafeUpload(Exception):
    """A spreadsheet refused before it is parsed; the message is for the user."""


def check_workbook_size(size: int) -> None:
    limit = settings.MAX_UPLOAD_BYTES
    if size > limit:
        raise UnsafeUpload(
            _("Tệp quá lớn (%(size)s MB, tối đa %(max)s MB).")
            % {"size": round(size / 1048576, 1), "max": round(limit / 1048576, 1)}
        )


def check_workbook(data: bytes) -> None:
    """Refuse, without opening it as a workbook, anything that is not a sane .xlsx."""
    check_workbook_size(len(data))
    if not data.startswith(b"PK\x03\x04"):
        raise UnsafeUpload(_("Tệp không phải là bảng tính Excel .xlsx (nội dung không đúng định dạng)."))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise UnsafeUpload(_("Tệp .xlsx bị hỏng, không đọc được.")) from exc
    if len(infos) > MAX_ENTRIES:
        raise UnsafeUpload(_("Tệp có quá nhiều thành phần (%(n)s), có thể là tệp độc hại.") % {"n": len(infos)})
    names = {i.filename for i in infos}
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise UnsafeUpload(_("Tệp không phải là bảng tính Excel .xlsx (nội dung không đúng định dạng)."))
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise UnsafeUpload(_("Tệp có macro; hãy lưu lại dưới dạng .xlsx thường."))
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise UnsafeUpload(_("Tệp khi giải nén quá lớn, có thể là tệp độc hại (zip bomb)."))
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise UnsafeUpload(_("Tệp có tỷ lệ nén bất thường, có thể là tệp độc hại (zip bomb)."))
