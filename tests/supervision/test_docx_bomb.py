"""A .docx zip bomb is refused as evidence (core.uploads.check_file bounds the
inflated size and the ratio, as check_workbook does for spreadsheets)."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import check_file
from supervision.models import Evidence, ProgressNote

from .conftest import docx

pytestmark = pytest.mark.django_db


def docx_bomb() -> SimpleUploadedFile:
    """A real-looking .docx whose document.xml inflates 400 MB of spaces from a few hundred KB."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as doc:
            chunk = b" " * (1024 * 1024)
            for _ in range(400):
                doc.write(chunk)
    return SimpleUploadedFile("bao-cao.docx", buf.getvalue())


def test_a_docx_bomb_is_refused_naming_the_field_and_the_file():
    bomb = docx_bomb()
    assert bomb.size < 1024 * 1024
    with pytest.raises(ValidationError, match="zip bomb") as refused:
        check_file(bomb, field_label="Tài liệu kiểm chứng")
    assert "Tài liệu kiểm chứng: tệp “bao-cao.docx”" in refused.value.messages[0]
    assert check_file(docx(), field_label="x").extension == "docx"  # an ordinary one still passes


def test_a_docx_bomb_refuses_the_progress_note(as_persona, open_rec):
    notes, evidence = ProgressNote.objects.count(), Evidence.objects.count()
    response = as_persona("clerk_xuathoa").post(
        f"/supervision/recommendations/{open_rec.pk}/progress/",
        {"status": "in_progress", "text": "Báo cáo", "files": [docx_bomb()]},
    )
    assert response.status_code in (200, 400) and "zip bomb" in response.content.decode()
    assert (ProgressNote.objects.count(), Evidence.objects.count()) == (notes, evidence)
