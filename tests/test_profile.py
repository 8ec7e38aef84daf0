"""The seed's figures, as the supervision team sees them on Xuất Hóa's profile."""

import re

import pytest

pytestmark = pytest.mark.django_db

PROFILE = "/profile/01855/?on=2024-04-24"


def tds(html: str, code: str) -> list[str]:
    """The HTML of each value cell of the row of indicator ``code``."""
    row = re.search(rf'<tr[^>]*data-indicator="{code}"[^>]*>(.*?)</tr>', html, re.S)
    assert row, f"no row for {code}"
    return re.findall(r'<td class="value[^"]*">(.*?)</td>', row.group(1), re.S)


def cells(html: str, code: str) -> list[str]:
    """The value shown in each cell, without the marks of its source, coverage and target."""
    marks = (
        r'<span class="badge[^"]*value-source[^"]*"[^>]*>.*?</span>|<br><span class="small text-muted coverage">.*?</span>'
        r'|<span class="below-mark"[^>]*>.*?</span></span>'  # "▼ below target"
    )
    return [re.sub(r"<[^>]+>", "", re.sub(marks, "", c, flags=re.S)).strip() for c in tds(html, code)]


def sources(html: str, code: str) -> list[str]:
    """The source mark on each cell: "article", "illustrative" or ""."""
    return [(re.findall(r'data-source="(\w+)"', c) or [""])[0] for c in tds(html, code)]


@pytest.fixture
def page(as_persona):
    response = as_persona("supervisor").get(PROFILE)
    assert response.status_code == 200
    return response.content.decode()


def column(html: str, label: str) -> int:
    head = re.search(r"<thead.*?</thead>", html, re.S).group(0)
    labels = [
        re.sub(r"<[^>]+>", " ", th).split()[0:2] for th in re.findall(r'<th class="value">(.*?)</th>', head, re.S)
    ]
    return [" ".join(x) for x in labels].index(label)


def test_year_2023_figures(page):
    year = column(page, "Năm 2023")
    expect = {
        "broadcasts_loudspeaker": "15",
        "campaigns_mobile": "10",
        "festival_sessions": "7",
        "festival_participants": "582",
        "copy_certification_electronic_rate": "126/217 = 58,06%",
        "dossiers_resolved": "594",
    }
    for code, text in expect.items():
        assert cells(page, code)[year] == text, code


def test_first_quarter_2024_figures(page):
    q1 = column(page, "Quý I/2024")
    expect = {
        "copy_certifications_electronic": "22",
        "dossiers_online": "123",
        "dossiers_postal": "0",
        "procedures_reviewed": "16",
        "procedures_proposed_simplification": "3",
        "chip_id_cards": "2.531",
        "eid_level1": "545",
        "eid_level2": "731",
        "households": "831",
        "households_with_smartphone": "803",
        "households_without_smartphone": "28",
        "poor_households_without_smartphone": "5",
        "near_poor_households_without_smartphone": "1",
        "health_records_rate": "82,05%",
        "electronic_documents_rate": "trên 98%",
        "staff_computer_rate": "100%",
        "one_stop_digital_signature_rate": "100%",
        "online_payment_channels": "BIDV, VietinBank, ví MoMo",
    }
    for code, text in expect.items():
        assert cells(page, code)[q1] == text, code
    assert cells(page, "online_procedures")[q1] == "28 thủ tục thuộc 7 lĩnh vực"
    assert cells(page, "paid_procedures")[q1].startswith("9 thủ tục")
    assert "Tư pháp – Hộ tịch" in cells(page, "paid_procedures")[q1]


def test_real_and_demo_figures_are_labelled(page):
    assert "số liệu thật" in page  # 2023 and Q1/2024 come from the article
    assert "minh họa" in page  # 2022 is generated
    assert "Phường Xuất Hóa (đến 30/06/2025; nay là phường Bắc Kạn, tỉnh Thái Nguyên)" in page


def test_yearly_rate_is_summed_counts_not_average_of_quarterly_rates(as_persona):
    from decimal import Decimal

    from demo.seed import XUAT_HOA_2023

    electronic, total = XUAT_HOA_2023["copy_certifications_electronic"], XUAT_HOA_2023["copy_certifications"]
    average = sum(Decimal(e) / Decimal(t) for e, t in zip(electronic, total, strict=True)) * 25
    assert f"{average:.2f}".replace(".", ",") != "58,06"  # the two differ, so the test can tell them apart
    html = as_persona("supervisor").get(PROFILE).content.decode()
    assert cells(html, "copy_certification_electronic_rate")[column(html, "Năm 2023")] == "126/217 = 58,06%"


def test_profile_query_count_does_not_grow_with_periods(as_persona, queries):
    client = as_persona("supervisor")
    latest = queries.get(client, PROFILE)
    queries.same(latest, queries.get(client, PROFILE + "&year=2023"))
    queries.at_most(24, latest)  # 19, the PAR rank history beside the figures (2), the one-stop comparison (3)


def test_english_profile(as_persona):
    client = as_persona("supervisor")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(PROFILE).content.decode()
    assert "Chip ID cards issued (cumulative)" in html
    assert "2,531" in html


def test_a_merged_ward_carries_the_history_of_the_wards_that_went_into_it(as_persona):
    from django.db.models import Sum

    from digital_metrics.models import ReportValue

    html = as_persona("supervisor").get("/profile/01843/").content.decode()  # phường Bắc Kạn, from 01/07/2025
    assert "Phường Bắc Kạn" in html
    merged = re.search(r'data-testid="merged-from">(.*?)</p>', html, re.S).group(1)
    for name in ("Phường Xuất Hóa", "Phường Sông Cầu", "Phường Phùng Chí Kiên", "Xã Nông Thượng"):
        assert name in merged
    expected = ReportValue.objects.filter(
        report__unit__code__in=["01837", "01843", "01852", "01855"],
        report__unit__valid_to__isnull=False,
        report__year=2023,
        report__status="approved",
        indicator__code="copy_certifications",
    ).aggregate(total=Sum("value"))["total"]
    assert expected > 217
    year = column(html, "Năm 2023")
    assert cells(html, "copy_certifications")[year] == f"{int(expected):,}".replace(",", ".")


def test_trend_chart_data_quarter_by_quarter(page):
    import json

    data = json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', page, re.S).group(1))
    assert data["labels"][0] == "Quý I/2022" and data["labels"][-1] == "Quý I/2024"
    series = {s["code"]: s for s in data["series"]}
    copies = series["copy_certification_electronic_rate"]["values"]
    q4_2023 = data["labels"].index("Quý IV/2023")
    assert copies[q4_2023] == round(36 * 100 / 52, 2)  # the seed's split of 126/217
    assert copies[data["labels"].index("Quý I/2024")] is None  # the article gives no total for Q1/2024
    assert series["dossiers_online_full_rate"]["target"] == 80.0
    assert "vendor/chart.js/chart.umd.min.js" in page
