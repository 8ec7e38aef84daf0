"""The entry form: sections, previous quarter, every validation rule, warnings
to confirm, save and submit, the conflict between two sessions, the home page
of what is due."""

import re

import pytest

from digital_metrics.choices import ReportStatus
from digital_metrics.models import AuditEntry, QuarterlyReport

from .conftest import old_commune, ubnd_city
from .rules import GOOD_VALUES, RULE_CASES, RULE_IDS

pytestmark = pytest.mark.django_db
EDIT = "/reports/01855/2024/2/edit/"


def post(client, url, values, **extra):
    data = {"version": "0", "note": "", "save": "1", **values, **extra}
    return client.post(url, data)


def test_form_shows_sections_previous_quarter_hints_and_computed_boxes(as_persona):
    html = as_persona("clerk_xuathoa").get(EDIT).content.decode()
    for section in ("Hồ sơ thủ tục hành chính", "Chứng thực bản sao", "Tuyên truyền", "Chuyển đổi số"):
        assert section in html
    assert "Quý trước: 2.531" in html  # chip ID cards of Quý I/2024, beside the field
    assert "Mọi hình thức, giấy và điện tử." in html  # a hint from the catalogue
    assert 'data-numerator="copy_certifications_electronic" data-denominator="copy_certifications"' in html
    assert "js/report_entry.js" in html


@pytest.mark.parametrize(("rule", "values", "field", "message"), RULE_CASES, ids=RULE_IDS)
def test_each_rule_through_the_form(as_persona, rule, values, field, message):
    response = post(as_persona("clerk_xuathoa"), EDIT, values)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html.replace("&quot;", '"')
    assert field in response.context["form"].errors
    # Nothing half-saved: not even the empty draft the save would have created.
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()


def test_valid_values_save_a_draft_with_its_audit(as_persona):
    response = post(as_persona("clerk_xuathoa"), EDIT, GOOD_VALUES)
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    assert report.status == ReportStatus.DRAFT
    assert report.values.get(indicator__code="chip_id_cards").value == 2560
    assert report.values.get(indicator__code="health_records_rate").value == 83.5
    logged = set(AuditEntry.objects.filter(report=report, action="value").values_list("indicator_code", "after"))
    assert ("chip_id_cards", "2560") in logged and ("health_records_rate", "83.5") in logged


def test_a_far_value_asks_for_confirmation(as_persona):
    client = as_persona("clerk_xuathoa")
    response = post(client, EDIT, {**GOOD_VALUES, "chip_id_cards": "9.000"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "khác xa quý trước (2.531)" in html and 'name="confirm_warnings"' in html
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()
    response = post(client, EDIT, {**GOOD_VALUES, "chip_id_cards": "9.000"}, confirm_warnings="on")
    assert response.status_code == 302


def test_save_and_submit_then_the_form_is_closed(as_persona):
    client = as_persona("clerk_xuathoa")
    response = post(client, EDIT, GOOD_VALUES, submit="1")
    assert response.status_code == 302
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    assert report.status == ReportStatus.SUBMITTED
    assert client.get(EDIT).status_code == 302  # back to the report page: submitted is read-only


def test_two_sessions_the_second_save_is_a_conflict_that_shows_the_first(as_persona, songcau_draft):
    url = "/reports/01837/2024/2/edit/"
    clerk, admin = as_persona("clerk_songcau"), as_persona("admin")
    clerk_page = clerk.get(url).content.decode()
    admin_page = admin.get(url).content.decode()
    version = re.search(r'name="version" value="(\d+)"', clerk_page).group(1)
    assert version == re.search(r'name="version" value="(\d+)"', admin_page).group(1) == "1"
    assert admin.post(url, {"version": version, "campaigns_mobile": "3", "save": "1"}).status_code == 302
    response = clerk.post(url, {"version": version, "campaigns_mobile": "2", "save": "1"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Báo cáo đã được Quản trị hệ thống sửa sau khi bạn mở" in html
    assert "Tuyên truyền lưu động" in html  # the admin's change, listed
    report = QuarterlyReport.objects.get(pk=songcau_draft.pk)
    assert report.values.get(indicator__code="campaigns_mobile").value == 3  # nothing lost
    # The form now carries the new version: saving again is a deliberate overwrite.
    assert 'name="version" value="2"' in html
    assert clerk.post(url, {"version": "2", "campaigns_mobile": "2", "save": "1"}).status_code == 302


def test_home_lists_what_is_due_returned_first_then_oldest_due_first(as_persona, songcau_draft, user):
    from digital_metrics.reports import services

    services.report_submit(report=songcau_draft, version=1, by=user("canbo_songcau"))
    services.report_return(report=songcau_draft, version=2, by=user("noivu_thanhpho"), reason="Thiếu số hộ cận nghèo")
    html = as_persona("clerk_songcau").get("/").content.decode()
    card = re.search(r'class="card[^"]*next-due" data-period="(\d{4}-\d)"', html)
    assert card and card.group(1) == "2024-2"  # the returned report is the one to do next
    periods = re.findall(r'<tr[^>]*data-period="(\d{4}-\d)"', html)
    assert periods[0] == "2024-2"  # the returned report on top of the list too
    assert "Thiếu số hộ cận nghèo" in html
    # Then the quarters still due, oldest first, up to the last of the ward's life (it ended on 30/06/2025).
    due = periods[1 : periods.index("2025-2") + 1]
    assert due == sorted(due, key=lambda p: tuple(map(int, p.split("-")))) and len(due) > 1
    assert "2025-3" not in periods and periods[-1] == "2022-1"  # the sent ones last, newest first
    assert "20/07/2025" in html  # the deadline of Quý II/2025


def test_due_list_shows_the_lock(as_persona, user):
    from digital_metrics.reports import services

    services.period_lock(body=ubnd_city(), year=2024, quarter=3, by=user("noivu_thanhpho"))
    html = as_persona("clerk_xuathoa").get("/").content.decode()
    row = html.split('data-period="2024-3"')[1].split("</tr>")[0]
    assert "Đã khóa" in row and "/edit/" not in row
