"""A report sent or approved prints on A4 for signing; a clerk's pages keep
technical words (versions, codes, the API) out of sight."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_an_approved_report_prints_as_an_official_paper(as_persona):
    client = as_persona("clerk_xuathoa")
    assert "/reports/01855/2024/1/print/" in client.get("/reports/01855/2024/1/").content.decode()
    html = client.get("/reports/01855/2024/1/print/").content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and "Độc lập - Tự do - Hạnh phúc" in html
    assert "UBND PHƯỜNG XUẤT HÓA" in html and "/BC-UBND" in html
    assert "Xuất Hóa, ngày" in html  # the place and date line
    assert "TM. ỦY BAN NHÂN DÂN" in html and "CHỦ TỊCH" in html and "Nơi nhận:" in html
    assert "Số liệu cải cách hành chính và chuyển đổi số Quý I/2024" in html
    assert re.search(r'data-indicator="chip_id_cards">.*?2\.531', html, re.S)
    assert "css/report_print.css" in html and "<style" not in html


def test_the_paper_is_in_vietnamese_on_the_english_page(as_persona):
    client = as_persona("clerk_xuathoa")
    client.cookies["django_language"] = "en"
    html = client.get("/reports/01855/2024/1/print/").content.decode()
    assert "Thẻ CCCD gắn chíp" in html and "BÁO CÁO" in html


def test_a_draft_does_not_print(as_persona, songcau_draft):
    assert as_persona("clerk_songcau").get("/reports/01837/2024/2/print/").status_code == 404
    assert "/print/" not in as_persona("clerk_songcau").get("/reports/01837/2024/2/").content.decode()


CLERK_PAGES = [
    "/",
    "/reports/01855/2024/1/",
    "/reports/01855/2024/2/edit/",
    "/catalogue/indicators/",
    "/reports/import/",
]


@pytest.mark.parametrize("url", CLERK_PAGES)
def test_a_clerk_sees_no_technical_words(as_persona, url):
    html = as_persona("clerk_xuathoa").get(url).content.decode()
    text = re.sub(r"<[^>]+>", " ", html)
    assert "/api/docs" not in html and "Mã truy cập API" not in text and "Tài liệu API" not in text
    assert "Phiên bản" not in text and not re.search(r"\bv\d+\b", text)
    assert "<code" not in html


def test_the_technical_words_stay_for_who_needs_them(as_persona):
    html = as_persona("admin").get("/reports/01855/2024/1/").content.decode()
    assert "Phiên bản" in html and "Tài liệu API" in html
    assert "<code>" in as_persona("supervisor").get("/catalogue/indicators/").content.decode()


def test_the_paper_and_the_form_read_a_fixed_number_of_queries(as_persona, queries):
    client = as_persona("clerk_xuathoa")
    queries.at_most(9, queries.get(client, "/reports/01855/2024/1/print/"))
    # with the rules for the page (2) and the one-stop system's figures and overrides (2)
    queries.at_most(14, queries.get(client, "/reports/01855/2024/2/edit/"))


def test_the_papers_toolbar_speaks_the_readers_language_the_paper_stays_vietnamese(as_persona):
    client = as_persona("clerk_xuathoa")
    client.cookies["django_language"] = "en"
    html = client.get("/reports/01855/2024/1/print/").content.decode()
    toolbar, paper = html.split("</nav>")
    assert "Print the report (A4)" in toolbar and "Back to the report" in toolbar and 'lang="en"' in toolbar
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in paper
