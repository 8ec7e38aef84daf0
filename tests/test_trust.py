"""Figures the council can trust: each defect a user found, as a test that
fails on it (issue "Figures the council can trust").

- Only accepted figures in the accepted columns; pending ones apart, only for who may read them.
- A rate over a period: numerator and denominator over the same quarters, with its coverage.
- ``?on=DATE``: only what had been accepted by then, as it stood then.
- Every value says where it comes from; the demo's invented values say "minh họa".
"""

import re
from decimal import Decimal

import pytest
from django.utils import timezone

from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.reports import services
from par_index.models import YearlyInput
from tests.personas import person
from tests.reports.conftest import old_commune
from tests.test_profile import cells, column, sources

pytestmark = pytest.mark.django_db
XH = "01855"
PROFILE = "/profile/01855/?year=2024"


def enter(quarter: int, values: dict, *, submit=True, approve=False, give_back=False):
    """Xuất Hóa's clerk enters a 2024 quarter; the city's reviewer accepts or returns it."""
    clerk, reviewer = person("canbo_xuathoa"), person("noivu_thanhpho")
    report, _ = services.report_start(unit=old_commune(XH), year=2024, quarter=quarter, by=clerk)
    services.report_save_values(report=report, raw=values, version=report.version, by=clerk, confirm_warnings=True)
    if submit:
        report = services.report_submit(report=report, version=report.version, by=clerk)
    if approve:
        report = services.report_approve(report=report, version=report.version, by=reviewer)
    if give_back:
        report = services.report_return(report=report, version=report.version, by=reviewer, reason="Thiếu số liệu")
    return report


@pytest.fixture
def year_2024():
    """Q2 accepted (300 received), Q3 returned (320 received), Q4 a draft (100 received)."""
    enter(2, {"dossiers_received": "300", "dossiers_online_full": "60", "dossiers_at_desk": "240"}, approve=True)
    enter(3, {"dossiers_received": "320", "dossiers_online_full": "70", "dossiers_at_desk": "250"}, give_back=True)
    enter(4, {"dossiers_received": "100", "dossiers_at_desk": "100"}, submit=False)


def test_accepted_columns_hold_accepted_figures_only(as_persona, year_2024):
    html = as_persona("supervisor").get(PROFILE).content.decode()
    # 620 = 300 accepted + 320 returned, before; now the accepted 300 alone, over one quarter of four.
    assert cells(html, "dossiers_received")[column(html, "Năm 2024")] == "300"
    assert "1/4 quý" in html.split('data-indicator="dossiers_received"')[1].split("</tr>")[0]
    # The HĐND sees no pending column at all; the returned and draft quarters are not in its view.
    assert "data-pending=" not in html and "Quý III/2024" not in html


def test_pending_figures_stand_apart_for_who_may_read_them(as_persona, year_2024):
    html = as_persona("clerk_xuathoa").get(PROFILE).content.decode()
    heads = re.findall(r'<th class="value pending-column" data-pending="(\w+)">\s*(Quý [IV]+/2024)', html)
    assert heads == [("returned", "Quý III/2024"), ("draft", "Quý IV/2024")]
    row = cells(html, "dossiers_received")
    assert row[column(html, "Năm 2024")] == "300"  # never summed into the accepted year
    assert "320" in row and "100" in row  # each in its own column
    reviewer = as_persona("reviewer").get(PROFILE).content.decode()
    assert "data-pending=" not in reviewer or 'data-pending="draft"' not in reviewer  # no one else's drafts


def test_a_rate_takes_its_counts_over_the_same_quarters(as_persona):
    """171 online of Q1–Q3 over 620 received of Q2–Q3 was 27,58%; over the same
    quarters it is 130/620."""
    report = QuarterlyReport.objects.get(unit=old_commune(XH), year=2024, quarter=1)
    from digital_metrics.models import Indicator

    ReportValue.objects.create(report=report, indicator=Indicator.objects.get(code="dossiers_online_full"), value=41)
    enter(2, {"dossiers_received": "300", "dossiers_online_full": "60", "dossiers_at_desk": "240"}, approve=True)
    enter(3, {"dossiers_received": "320", "dossiers_online_full": "70", "dossiers_at_desk": "250"}, approve=True)
    html = as_persona("supervisor").get(PROFILE).content.decode()
    year = column(html, "Năm 2024")
    assert cells(html, "dossiers_online_full")[year] == "171"
    assert cells(html, "dossiers_received")[year] == "620"
    assert cells(html, "dossiers_online_full_rate")[year] == "130/620 = 20,97%"
    rate_cell = html.split('data-indicator="dossiers_online_full_rate"')[1].split("</tr>")[0]
    assert "2/4 quý" in rate_cell
    # The rankings' yearly roll-up says the same (what the PAR criterion 6.1 scores).
    rolled = YearlyInput.objects.get(unit=old_commune(XH), year=2024, indicator__code="dossiers_online_full_rate")
    assert (rolled.numerator, rolled.denominator) == (Decimal(130), Decimal(620))
    # And the API.
    api = as_persona("supervisor").get("/api/v1/profiles/01855/?year=2024").json()
    figure = next(c for c in api["columns"] if c["label"] == "Năm 2024")["figures"]["dossiers_online_full_rate"]
    assert (Decimal(figure["numerator"]), Decimal(figure["denominator"]), figure["covered"]) == (130, 620, 2)


def test_as_of_a_day_shows_what_was_accepted_then_as_it_was_then(as_persona):
    reviewer, clerk = person("noivu_thanhpho"), person("canbo_xuathoa")
    enter(2, {"dossiers_received": "300", "dossiers_at_desk": "300"}, approve=True)  # accepted today
    q1 = QuarterlyReport.objects.get(unit=old_commune(XH), year=2024, quarter=1)
    q1 = services.report_reopen(report=q1, version=q1.version, by=reviewer, reason="Cập nhật CCCD")
    services.report_save_values(
        report=q1, raw={"chip_id_cards": "2.600"}, version=q1.version, by=clerk, confirm_warnings=True
    )
    q1 = services.report_submit(report=q1, version=q1.version, by=clerk)
    services.report_approve(report=q1, version=q1.version, by=reviewer)
    client = as_persona("supervisor")
    now = client.get("/profile/01855/?year=2024").content.decode()
    assert cells(now, "chip_id_cards")[column(now, "Quý I/2024")] == "2.600"
    assert "Quý II/2024" in now
    then = client.get("/profile/01855/?on=2024-04-24&year=2024").content.decode()
    assert cells(then, "chip_id_cards")[column(then, "Quý I/2024")] == "2.531"  # the value of that day
    assert "Quý II/2024" not in then  # accepted later
    trend = then.split('id="trend-data"')[1].split("</script>")[0]
    assert "Quý II/2024" not in trend  # no later chart point either
    api = client.get("/api/v1/profiles/01855/?on=2024-04-24&year=2024").json()
    q1_figures = next(c for c in api["columns"] if c["label"] == "Quý I/2024")["figures"]
    assert Decimal(q1_figures["chip_id_cards"]["value"]) == 2531
    assert [c["label"] for c in api["columns"]][-1] == "Quý I/2024"


def test_every_value_says_where_it_comes_from(as_persona):
    html = as_persona("supervisor").get("/profile/01855/?on=2024-04-24&year=2023").content.decode()
    year_2022, year_2023, q4 = column(html, "Năm 2022"), column(html, "Năm 2023"), column(html, "Quý IV/2023")
    # 2022: generated by the demo. 2023: the article's yearly totals; a quarter's share of them is ours.
    assert sources(html, "broadcasts_loudspeaker")[year_2022] == "illustrative"
    assert sources(html, "broadcasts_loudspeaker")[year_2023] == "article"
    assert sources(html, "broadcasts_loudspeaker")[q4] == "illustrative"
    # What the article does not give stays empty: no late dossiers, so no on-time rate in 2023.
    assert cells(html, "dossiers_resolved")[year_2023] == "594"
    assert cells(html, "dossiers_on_time_rate")[year_2023] == "—"
    q1 = as_persona("supervisor").get("/profile/01855/?on=2024-04-24&year=2024").content.decode()
    first = column(q1, "Quý I/2024")
    assert cells(q1, "dossiers_online")[first] == "123" and sources(q1, "dossiers_online")[first] == "article"
    assert cells(q1, "dossiers_online_full")[first] == "—"  # the split of the 123 is not given
    assert cells(q1, "online_procedures")[first] == "28 thủ tục thuộc 7 lĩnh vực"
    assert sources(q1, "online_procedures")[first] == "article"


def test_the_generated_report_of_phung_chi_kien_is_marked_illustrative(as_persona):
    html = as_persona("reviewer").get("/reports/01843/2024/2/").content.decode()
    marked = html.count('data-source="illustrative"')
    values = ReportValue.objects.filter(report__unit__code="01843", report__year=2024, report__quarter=2)
    assert values.exists() and {v.origin for v in values} == {"demo"}
    assert marked >= 10
    api = as_persona("reviewer").get("/api/v1/reports/01843/2024/2/").json()
    assert set(api["sources"].values()) == {"demo"}


def test_a_value_typed_over_an_invented_one_becomes_the_wards_own():
    clerk = person("canbo_phungchikien")
    report = QuarterlyReport.objects.get(unit=old_commune("01843"), year=2024, quarter=2)
    report = services.report_return(
        report=report, version=report.version, by=person("noivu_thanhpho"), reason="Nhập số thật"
    )
    services.report_save_values(
        report=report, raw={"campaigns_mobile": "9"}, version=report.version, by=clerk, confirm_warnings=True
    )
    origins = dict(ReportValue.objects.filter(report=report).values_list("indicator__code", "origin"))
    assert origins["campaigns_mobile"] == "entered" and origins["households"] == "demo"


def test_the_demo_approval_dates_allow_as_of_views():
    approved = QuarterlyReport.objects.filter(unit__code=XH, status="approved", year=2024, quarter=1).get()
    assert approved.approved_at is not None and approved.approved_at.date() <= timezone.datetime(2024, 4, 24).date()
