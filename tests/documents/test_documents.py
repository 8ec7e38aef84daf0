"""The supervision's documents as the council reads them: the header of Nghị
định 30/2020, the units, the approved figures written the Vietnamese way, the
recommendations and the verdicts, in the DOCX (python-docx) and in the PDF
(pdftotext); drafts drawn again at will, issued documents frozen."""

import datetime

import pytest
from docx.shared import Mm

from documents.context import kinds_for, paper_context
from documents.formatting import date_line
from documents.render import render_docx, render_pdf
from tests.documents.conftest import docx_text, pdf_text

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 4, 24)


def test_the_date_line_takes_leading_zeros_as_the_decree_says():
    assert date_line("Bắc Kạn", DAY) == "Bắc Kạn, ngày 24 tháng 4 năm 2024"
    assert date_line("Bắc Kạn", datetime.date(2025, 2, 5)) == "Bắc Kạn, ngày 05 tháng 02 năm 2025"
    assert date_line("Bắc Kạn", datetime.date(2024, 1, 9)) == "Bắc Kạn, ngày 09 tháng 01 năm 2024"
    assert date_line("Bắc Kạn", datetime.date(2024, 12, 3)) == "Bắc Kạn, ngày 03 tháng 12 năm 2024"


@pytest.fixture
def report_context(resup):
    return paper_context(resup, "report", number="12/BC-ĐGS", day=DAY, draft=False)


def test_the_report_docx_reads_as_an_official_report(report_context):
    document, text = docx_text(render_docx("report", report_context))
    for line in (
        "HĐND THÀNH PHỐ BẮC KẠN",
        "ĐOÀN GIÁM SÁT",
        "Số: 12/BC-ĐGS",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Bắc Kạn, ngày 24 tháng 4 năm 2024",
        "BÁO CÁO",
        "Kết quả tái giám sát công tác cải cách hành chính; công tác chuyển đổi số tại phường Xuất Hóa",
        "TM. ĐOÀN GIÁM SÁT",
        "TRƯỞNG ĐOÀN",
        "Lê Đăng Trưởng",
        "Nơi nhận:",
    ):
        assert line in text, line
    assert "DỰ THẢO" not in text  # issued: no draft mark
    # The units, approved figures the Vietnamese way, the PAR history, sources.
    assert "Phường Xuất Hóa" in text and "UBND phường Xuất Hóa" in text
    assert "58,06% (126/217)" in text and "2.531" in text and "82,05%" in text and "trên 98%" in text
    assert "106/108" in text and "14/108" in text and "tăng 92 bậc" in text
    assert "Nguồn: Năm 2023 – Quý I–IV/2023: Số liệu thật (bài báo)" in text
    # The five recommendations of NQ 280 with their verdicts, the new recommendations with addressee and deadline.
    assert "5/5 kiến nghị đã thực hiện" in text
    assert text.count("Đã thực hiện") >= 5
    assert "Quan tâm ban hành kịp thời kế hoạch chỉ đạo" in text and "31/12/2024" in text
    assert "Nguyên nhân:" in text and "Hoàn thiện phần mềm điện tử mới." in text
    # The decree's page: A4, margins, Times New Roman, the motto bold and underlined, the date line italic.
    section = document.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    assert [
        round(m.mm) for m in (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    ] == [
        20,
        20,
        30,
        15,
    ]
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert section.different_first_page_header_footer  # no number on page 1
    assert "PAGE" in section.header._element.xml  # a page number from page 2, centred at the top
    runs = [r for t in document.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    motto = next(r for r in runs if r.text == "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.underline
    assert next(r for r in runs if r.text.startswith("Bắc Kạn, ngày")).italic
    assert len(document.inline_shapes) == 2  # the charts, as images
    assert document.inline_shapes[0].width <= Mm(151)


def test_the_report_pdf_says_the_same(report_context, tmp_path):
    text = pdf_text(render_pdf("report", report_context), tmp_path)
    for line in (
        "HĐND THÀNH PHỐ BẮC KẠN",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 12/BC-ĐGS",
        "Bắc Kạn, ngày 24 tháng 4 năm 2024",
        "BÁO CÁO",
        "TM. ĐOÀN GIÁM SÁT",
        "Nơi nhận:",
        "58,06% (126/217)",
        "2.531",
        "14/108",
        "5/5 kiến nghị đã thực hiện",
        "Lê Đăng Trưởng",
    ):
        assert line in text, line
    pages = text.split("\f")
    assert len(pages) > 2
    assert pages[0].strip().startswith("HĐND")  # no page number on page 1
    assert pages[1].strip().startswith("2")  # page 2 numbered at the top


@pytest.mark.parametrize("which", ["resup", "thematic"])
def test_every_kind_of_both_demo_supervisions_renders(which, resup, thematic, tmp_path):
    sup = resup if which == "resup" else thematic
    titles = {"decision": "QUYẾT ĐỊNH", "plan": "KẾ HOẠCH", "outline": "ĐỀ CƯƠNG", "report": "BÁO CÁO"}
    titles |= {"resolution": "NGHỊ QUYẾT", "conclusion": "THÔNG BÁO"}
    for kind in kinds_for(sup):
        context = paper_context(sup, kind)
        _doc, text = docx_text(render_docx(kind, context))
        assert (
            titles[kind] in text
            and "DỰ THẢO" in text
            and "Số:" in text
            and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
        )
        assert "{{" not in text and "{%" not in text, kind
        assert titles[kind] in pdf_text(render_pdf(kind, context), tmp_path)


def test_the_outline_lists_the_figures_the_portal_has_for_the_ward_to_confirm(resup):
    _doc, text = docx_text(render_docx("outline", paper_context(resup, "outline")))
    assert "Đơn vị xác nhận hoặc điều chỉnh" in text
    assert "2.531" in text and "Năm 2023" in text and "Quý I/2024" in text
    assert "Kết quả thực hiện (đơn vị ghi)" in text  # the five earlier recommendations, to answer


def test_the_decision_names_the_delegation_scope_and_period(resup):
    _doc, text = docx_text(render_docx("decision", paper_context(resup, "decision", day=datetime.date(2024, 4, 1))))
    assert "Về việc thành lập Đoàn tái giám sát" in text
    assert "Lê Đăng Trưởng, Phó Chủ tịch HĐND thành phố Bắc Kạn – Trưởng đoàn" in text
    assert "từ tháng 01/2023 đến hết tháng 4/2024" in text
    assert "Bắc Kạn, ngày 01 tháng 4 năm 2024" in text
    assert "Luật Hoạt động giám sát của Quốc hội và Hội đồng nhân dân số 87/2015/QH13" in text


def test_user_text_cannot_inject_into_the_word_xml(resup):
    resup.findings.filter(kind="proposal").update(text='Mở rộng <w:t>x</w:t> & "ngân hàng" {{ 7*7 }}')
    _doc, text = docx_text(render_docx("report", paper_context(resup, "report")))
    assert 'Mở rộng <w:t>x</w:t> & "ngân hàng" {{ 7*7 }}' in text


def test_no_template_of_ours_has_inline_script_or_style():
    """The pages (and the PDF's HTML) stay valid under a CSP without unsafe-inline."""
    import re
    from pathlib import Path

    base = Path(__file__).resolve().parents[2]
    inline = re.compile(r"<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=", re.I)
    offenders = [
        str(path.relative_to(base))
        for app in ("documents", "exports", "jobs")
        for path in (base / app).rglob("*.html")
        if inline.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
