import shutil
import subprocess

import pytest

from demo.supervision import RESUPERVISION_TITLE, THEMATIC_TITLE
from supervision.models import Supervision


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Generated files go to a temporary directory, never to the repository."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def resup(db):
    return Supervision.objects.get(title=RESUPERVISION_TITLE)


@pytest.fixture
def thematic(db):
    return Supervision.objects.get(title=THEMATIC_TITLE)


def pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as poppler reads it (make test installs poppler-utils)."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: `make test` installs Debian's poppler-utils.")
    path = tmp_path / "doc.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True).stdout  # noqa: S603, S607


def docx_text(data: bytes) -> tuple[object, str]:
    """(the python-docx Document, every paragraph and table cell's text, one per line)."""
    import io

    from docx import Document

    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]

    def walk(tables):
        for table in tables:
            for row in table.rows:
                for cell in row.cells:
                    lines.extend(p.text for p in cell.paragraphs)
                    walk(cell.tables)

    walk(document.tables)
    return document, "\n".join(lines)
