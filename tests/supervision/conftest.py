import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.supervision import RESUPERVISION_TITLE, THEMATIC_TITLE
from supervision.models import Recommendation, Supervision


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files go to a temporary directory, never to the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def demo_objects(db):
    thematic = Supervision.objects.get(title=THEMATIC_TITLE)
    resup = Supervision.objects.get(title=RESUPERVISION_TITLE)
    earlier = list(thematic.recommendations.order_by("number"))
    open_recs = list(resup.recommendations.order_by("number"))
    return {"thematic": thematic, "resup": resup, "earlier": earlier, "conclusions": open_recs}


@pytest.fixture
def open_rec(demo_objects) -> Recommendation:
    """Conclusion 2 of the re-supervision: in progress, addressed to Xuất Hóa."""
    return demo_objects["conclusions"][1]


def pdf(name="bien-ban.pdf", size=None) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    if size:
        body = body + b"0" * (size - len(body))
    return SimpleUploadedFile(name, body, content_type="application/pdf")


def docx(name="bao-cao.docx") -> SimpleUploadedFile:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/octet-stream")


def xlsx(name="so-lieu.xlsx") -> SimpleUploadedFile:
    from openpyxl import Workbook

    buf = io.BytesIO()
    Workbook().save(buf)
    return SimpleUploadedFile(name, buf.getvalue())


def png(name="anh.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)


def jpeg(name="anh.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\xff\xd8\xff\xe0" + b"\x00" * 32)
