"""Evidence and documents: size and type checked by content, not by name; clear
Vietnamese errors naming the field; nothing half-saved."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.uploads import DOCX, JPEG, PDF, PNG, XLSX, detect
from supervision.models import Evidence, ProgressNote, SupervisionDocument
from supervision.services import progress_note_add

from .conftest import docx, jpeg, pdf, png, xlsx

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("make", "kind"), [(pdf, PDF), (docx, DOCX), (xlsx, XLSX), (png, PNG), (jpeg, JPEG)])
def test_each_allowed_type_is_recognised_by_its_content(make, kind):
    assert detect(make()) == kind


def test_the_name_does_not_matter():
    # A real PDF named .txt is a PDF; a text file named .pdf is not.
    assert detect(pdf(name="bien-ban.txt")) == PDF
    assert detect(SimpleUploadedFile("bien-ban.pdf", b"Hello, not a PDF at all")) is None
    # A zip without the Office parts is not a DOCX, whatever its name.
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("word/document.xml", "<x/>")  # no [Content_Types].xml
    assert detect(SimpleUploadedFile("bao-cao.docx", buf.getvalue())) is None
    assert detect(SimpleUploadedFile("bao-cao.docx", b"PK\x03\x04 broken zip")) is None


@pytest.fixture
def clerk_client(as_persona):
    return as_persona("clerk_xuathoa")


def test_clerk_uploads_evidence_and_anyone_of_the_ward_downloads_it(clerk_client, as_persona, open_rec):
    response = clerk_client.post(
        f"/supervision/recommendations/{open_rec.pk}/progress/",
        {"status": "in_progress", "text": "Kế hoạch số 12/KH-UBND", "files": [pdf(), docx(), xlsx()]},
    )
    assert response.status_code == 302
    note = ProgressNote.objects.filter(recommendation=open_rec).latest("pk")
    files = list(note.evidence.order_by("pk"))
    assert [f.original_name for f in files] == ["bien-ban.pdf", "bao-cao.docx", "so-lieu.xlsx"]
    assert [f.content_type for f in files] == [PDF.content_type, DOCX.content_type, XLSX.content_type]
    # The stored name is ours, never the uploaded one.
    assert "bien-ban" not in files[0].file.name and files[0].file.name.endswith(".pdf")
    download = as_persona("supervisor").get(f"/supervision/evidence/{files[0].pk}/")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "bien-ban.pdf" in download["Content-Disposition"]
    assert as_persona("clerk_songcau").get(f"/supervision/evidence/{files[0].pk}/").status_code == 404


def test_a_bad_file_refuses_the_whole_note(clerk_client, open_rec):
    notes, evidence = ProgressNote.objects.count(), Evidence.objects.count()
    status = open_rec.status
    fake = SimpleUploadedFile("bien-ban.pdf", b"MZ\x90\x00 an executable renamed")
    response = clerk_client.post(
        f"/supervision/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Đã xong", "files": [pdf(), fake]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tài liệu kiểm chứng: tệp “bien-ban.pdf” không đúng định dạng cho phép" in page
    assert ProgressNote.objects.count() == notes and Evidence.objects.count() == evidence
    open_rec.refresh_from_db()
    assert open_rec.status == status


def test_size_is_limited(clerk_client, open_rec, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    response = clerk_client.post(
        f"/supervision/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Đã xong", "files": [pdf(size=2048)]},
    )
    assert response.status_code == 400
    assert "vượt quá giới hạn" in response.content.decode()
    assert not ProgressNote.objects.filter(recommendation=open_rec, text="Đã xong").exists()


def test_api_upload_errors_name_the_field(as_persona, open_rec):
    client = as_persona("clerk_xuathoa")
    response = client.post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Đã xong", "files": [SimpleUploadedFile("a.png", b"GIF89a not allowed")]},
    )
    assert response.status_code == 400
    assert "files" in response.json()
    assert "không đúng định dạng" in response.json()["files"][0]
    ok = client.post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Đã xong", "files": [png(), jpeg()]},
    )
    assert ok.status_code == 201, ok.content
    assert [e["content_type"] for e in ok.json()["evidence"]] == ["image/png", "image/jpeg"]


def test_documents_are_checked_the_same_way(as_persona, demo_objects):
    sup = demo_objects["resup"]
    client = as_persona("supervisor")
    bad = client.post(
        f"/supervision/{sup.pk}/documents/",
        {"kind": "plan", "title": "Kế hoạch", "upload": SimpleUploadedFile("ke-hoach.docx", b"plain text")},
        follow=True,
    )
    assert "Tệp tài liệu: tệp “ke-hoach.docx” không đúng định dạng" in bad.content.decode()
    assert not SupervisionDocument.objects.filter(supervision=sup).exists()
    good = client.post(
        f"/supervision/{sup.pk}/documents/",
        {"kind": "plan", "title": "Kế hoạch giám sát", "upload": docx()},
        follow=True,
    )
    assert "Kế hoạch giám sát" in good.content.decode()
    assert SupervisionDocument.objects.get(supervision=sup).content_type == DOCX.content_type
    # A clerk of the ward reads the supervision but may not add documents.
    assert as_persona("clerk_xuathoa").post(f"/supervision/{sup.pk}/documents/", {"kind": "plan"}).status_code == 403


def test_too_many_files(open_rec, django_user_model):
    clerk = django_user_model.objects.get(username="canbo_xuathoa")
    with pytest.raises(ValidationError) as error:
        progress_note_add(recommendation=open_rec, by=clerk, text="x", status="done", files=[png() for _ in range(11)])
    assert "tối đa 10 tệp" in error.value.message_dict["files"][0]


def test_files_written_before_a_failure_are_removed(open_rec, django_user_model, monkeypatch, settings):
    import supervision.services as services

    clerk = django_user_model.objects.get(username="canbo_xuathoa")

    def fail(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "_audit_fields", fail)
    with pytest.raises(RuntimeError):
        progress_note_add(recommendation=open_rec, by=clerk, text="x", status="done", files=[pdf(), png()])
    stored = (
        list((settings.MEDIA_ROOT / "supervision").rglob("*.*"))
        if (settings.MEDIA_ROOT / "supervision").exists()
        else []
    )
    assert stored == []
    assert not ProgressNote.objects.filter(recommendation=open_rec, text="x").exists()
