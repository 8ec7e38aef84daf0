"""Drafts and issued documents as the supervision team and the wards meet them."""

import datetime
import io
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from documents.models import ImmutableDocument, Paper, PaperTemplate
from documents.services import paper_generate, paper_issue
from tests.documents.conftest import docx_text, pdf_text
from tests.personas import ADM, ANON, SC, SUP, XH, assert_get

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 24)


def test_a_draft_is_generated_again_in_place_and_its_old_files_go(resup, user, django_capture_on_commit_callbacks):
    team = user("supervisor")
    first = paper_generate(supervision=resup, kind="report", by=team)
    old_docx = first.docx.name
    with django_capture_on_commit_callbacks(execute=True):
        second = paper_generate(supervision=resup, kind="report", by=team)
    assert second.pk == first.pk and second.version == 2
    assert Paper.objects.filter(supervision=resup, kind="report").count() == 1
    assert not second.docx.storage.exists(old_docx)
    text = docx_text(second.docx.read())[1]
    assert "DỰ THẢO" in text and "Bắc Kạn, ngày 24 tháng 4 năm 2024" in text  # the supervision's day, until issued


def test_an_issued_document_keeps_its_number_date_and_file_for_good(resup, user, tmp_path):
    team = user("supervisor")
    draft = paper_generate(supervision=resup, kind="report", by=team)
    issued = paper_issue(paper=draft, by=team, number="12/BC-ĐGS", day=DAY)
    assert issued.is_issued and issued.number == "12/BC-ĐGS" and issued.issued_on == DAY
    text = docx_text(issued.docx.read())[1]
    assert "Số: 12/BC-ĐGS" in text and "Bắc Kạn, ngày 24 tháng 4 năm 2024" in text and "DỰ THẢO" not in text
    assert "Số: 12/BC-ĐGS" in pdf_text(issued.pdf.read(), tmp_path)
    issued_bytes = (issued.docx.name, issued.pdf.name)
    before = Path(issued.docx.path).read_bytes()

    # The data changes and the team drafts again: a new draft, the issued document untouched.
    resup.findings.filter(kind="proposal").update(text="Đề xuất mới sau khi ban hành.")
    redraft = paper_generate(supervision=resup, kind="report", by=team)
    assert redraft.pk != issued.pk and redraft.version == 2
    issued.refresh_from_db()
    assert (issued.docx.name, issued.pdf.name) == issued_bytes and Path(issued.docx.path).read_bytes() == before
    assert "Đề xuất mới" not in docx_text(before)[1]

    # No path changes it: issuing again, the model's save, its delete.
    with pytest.raises(ValidationError):
        paper_issue(paper=issued, by=team, number="13/BC-ĐGS", day=DAY)
    issued.number = "99/BC-ĐGS"
    with pytest.raises(ImmutableDocument):
        issued.save()
    with pytest.raises(ImmutableDocument):
        Paper.objects.get(pk=issued.pk).delete()
    assert Paper.objects.get(pk=issued.pk).number == "12/BC-ĐGS"


def test_issuing_needs_a_well_formed_unused_number_and_a_date(resup, user):
    team = user("supervisor")
    draft = paper_generate(supervision=resup, kind="report", by=team)
    for number, day, field in (("", DAY, "number"), ("mười hai", DAY, "number"), ("12/BC-ĐGS", None, "issued_on")):
        with pytest.raises(ValidationError) as error:
            paper_issue(paper=draft, by=team, number=number, day=day)
        assert field in error.value.message_dict
        assert error.value.message_dict[field][0].split(":")[0] in ("Số, ký hiệu", "Ngày văn bản")
    paper_issue(paper=draft, by=team, number="12/BC-ĐGS", day=DAY)
    other = paper_generate(supervision=resup, kind="conclusion", by=team)
    with pytest.raises(ValidationError) as error:
        paper_issue(paper=other, by=team, number="12/BC-ĐGS", day=DAY)
    assert "đã dùng" in error.value.message_dict["number"][0]
    other.refresh_from_db()
    assert not other.is_issued and other.number == ""  # nothing half-saved


def test_only_the_team_drafts_and_issues(resup, user):
    for persona in ("clerk_xuathoa", "clerk_songcau"):
        with pytest.raises(PermissionDenied):
            paper_generate(supervision=resup, kind="report", by=user(persona))
    draft = paper_generate(supervision=resup, kind="report", by=user("supervisor"))
    with pytest.raises(PermissionDenied):
        paper_issue(paper=draft, by=user("clerk_xuathoa"), number="12/BC-ĐGS", day=DAY)
    draft.refresh_from_db()
    assert not draft.is_issued


def test_the_pages_by_persona(resup, user, as_persona):
    team = user("supervisor")
    draft = paper_generate(supervision=resup, kind="conclusion", by=team)
    issued = paper_issue(
        paper=paper_generate(supervision=resup, kind="report", by=team), by=team, number="12/BC-ĐGS", day=DAY
    )
    page = f"/supervision/{resup.pk}/papers/"
    # The list: whoever reads the supervision (Sông Cầu was not supervised: 404).
    for persona, status in ((ANON, 302), (XH, 200), (SC, 404), (SUP, 200), (ADM, 200)):
        assert_get(as_persona(persona), page, persona, status)
    clerk_page = as_persona(XH).get(page).content.decode()
    assert "12/BC-ĐGS" in clerk_page and "Soạn lại" not in clerk_page and f"/papers/{draft.pk}/docx/" not in clerk_page
    team_page = as_persona(SUP).get(page).content.decode()
    assert f"/papers/{draft.pk}/docx/" in team_page and "Ban hành" in team_page
    # Files: an issued document to its readers, a draft to the team alone.
    for persona, draft_status, issued_status in ((XH, 404, 200), (SC, 404, 404), (SUP, 200, 200), (ADM, 200, 200)):
        client = as_persona(persona)
        assert client.get(f"/supervision/papers/{draft.pk}/docx/").status_code == draft_status, persona
        assert client.get(f"/supervision/papers/{issued.pk}/pdf/").status_code == issued_status, persona
    response = as_persona(XH).get(f"/supervision/papers/{issued.pk}/docx/")
    assert response["Content-Disposition"].endswith('bao-cao-12-BC-DGS.docx"')
    # Generating and issuing: the team alone; a refused write changes nothing.
    before = list(Paper.objects.values_list("pk", "version", "status"))
    assert as_persona(XH).post(f"/supervision/{resup.pk}/papers/generate/", {"kind": "report"}).status_code == 403
    assert (
        as_persona(XH)
        .post(f"/supervision/papers/{draft.pk}/issue/", {"number": "1/TB-HĐND", "issued_on": "24/04/2024"})
        .status_code
        == 404
    )
    assert list(Paper.objects.values_list("pk", "version", "status")) == before
    response = as_persona(SUP).post(
        f"/supervision/papers/{draft.pk}/issue/", {"number": "3/TB-HĐND", "issued_on": "25/04/2024"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_issued and draft.issued_on == datetime.date(2024, 4, 25)


def test_a_bad_number_on_the_page_is_said_in_vietnamese(resup, user, as_persona):
    draft = paper_generate(supervision=resup, kind="report", by=user("supervisor"))
    client = as_persona(SUP)
    response = client.post(
        f"/supervision/papers/{draft.pk}/issue/", {"number": "abc", "issued_on": "24/04/2024"}, follow=True
    )
    assert "Số, ký hiệu: “abc” không đúng dạng" in response.content.decode()
    draft.refresh_from_db()
    assert not draft.is_issued


def test_an_admin_replaces_a_kind_s_word_template(resup, user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document

    from documents.admin import PaperTemplateForm
    from documents.render import BUNDLED

    document = Document(BUNDLED / "conclusion.docx")
    document.add_paragraph("Mẫu riêng của tỉnh: {{ sup.units }}")
    buffer = io.BytesIO()
    document.save(buffer)
    form = PaperTemplateForm(
        data={"kind": "conclusion", "note": "mẫu tỉnh"},
        files={"file": SimpleUploadedFile("mau.docx", buffer.getvalue())},
    )
    assert form.is_valid(), form.errors
    form.save()
    paper = paper_generate(supervision=resup, kind="conclusion", by=user("supervisor"))
    assert "Mẫu riêng của tỉnh: phường Xuất Hóa" in docx_text(paper.docx.read())[1]

    broken = Document(BUNDLED / "conclusion.docx")
    broken.add_paragraph("{% for x in %}")
    buffer = io.BytesIO()
    broken.save(buffer)
    form = PaperTemplateForm(
        data={"kind": "report", "note": ""}, files={"file": SimpleUploadedFile("hong.docx", buffer.getvalue())}
    )
    assert not form.is_valid() and form.errors["file"][0].startswith("Tệp mẫu (.docx): mẫu không dùng được")
    assert not PaperTemplate.objects.filter(kind="report").exists()


def test_the_commands_write_documents_and_data(resup, tmp_path, capsys):
    out = tmp_path / "bao-cao.pdf"
    call_command(
        "export_document", supervision=resup.pk, kind="report", format="pdf", output=str(out), date="24/04/2024"
    )
    assert "Bắc Kạn, ngày 24 tháng 4 năm 2024" in pdf_text(out.read_bytes(), tmp_path)
    out = tmp_path / "bao-cao.docx"
    call_command("export_document", supervision=resup.pk, kind="report", format="docx", output=str(out))
    assert "DỰ THẢO" in docx_text(out.read_bytes())[1]
    csv_path = tmp_path / "so-lieu.csv"
    call_command("export_data", "values", scope="058", year=2023, format="csv", output=str(csv_path))
    assert (
        csv_path.read_bytes().startswith(b"\xef\xbb\xbf")
        and len(csv_path.read_text("utf-8-sig").splitlines()) == 1 + 8 * 4
    )
    assert "32 dòng" in capsys.readouterr().out
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--user"):
        call_command("export_data", "values", scope="058", year=2023, user="khong-co", output=str(csv_path))
    with pytest.raises(CommandError, match="không được xuất"):
        call_command("export_data", "values", scope="058", year=2023, user="canbo_xuathoa", output=str(csv_path))


def test_the_documents_page_keeps_to_a_query_budget(resup, user, as_persona, queries):
    team = user("supervisor")
    for kind in ("decision", "plan", "report"):
        paper_generate(supervision=resup, kind=kind, by=team)
    queries.at_most(12, queries.get(as_persona(SUP), f"/supervision/{resup.pk}/papers/"))
