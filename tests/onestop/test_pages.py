"""The system's figures on the clerk's form (accept, or keep the ward's figure with
a reason), on the report page for reviewers, and on the profile (reported and
system side by side, gaps beyond the tolerance flagged for the supervision team)."""

import pytest

from digital_metrics.choices import Origin
from digital_metrics.models import AuditEntry, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from onestop.models import Override
from onestop.selectors import differences, flag_counts, system_figures
from tests.onestop.conftest import old_commune, row

pytestmark = pytest.mark.django_db

FORM_Q2 = "/reports/01855/2024/2/edit/"
ACCEPT_Q2 = "/onestop/01855/2024/2/accept/"
OVERRIDE_Q1 = "/onestop/01855/2024/1/override/"
OVERRIDE_Q2 = "/onestop/01855/2024/2/override/"


def values_of(unit_code: str, year: int, quarter: int) -> dict:
    report = QuarterlyReport.objects.get(unit=old_commune(unit_code), year=year, quarter=quarter)
    return {rv.indicator.code: rv for rv in ReportValue.objects.filter(report=report).select_related("indicator")}


def test_the_form_shows_the_systems_figure_of_each_field_it_covers(as_persona):
    page = as_persona("clerk_xuathoa").get(FORM_Q2).content.decode()
    assert 'data-testid="onestop-panel"' in page
    assert 'data-onestop-code="dossiers_received" data-onestop-value="566"' in page
    assert 'data-onestop-code="dossiers_paid_online" data-onestop-value="67"' in page
    assert "minh họa" in page and "onestop/form.js" in page
    assert 'id="onestop-accept-dossiers_received"' in page


def test_accepting_fills_the_values_marked_as_the_systems(as_persona):
    """The demo's account is illustrative: accepted values are marked demo ("minh họa"), never as real."""
    codes = ["dossiers_received", "dossiers_online_full", "dossiers_online_partial", "dossiers_at_desk"]
    codes += ["dossiers_postal", "dossiers_resolved_on_time", "dossiers_resolved_late", "dossiers_paid_online"]
    response = as_persona("clerk_xuathoa").post(ACCEPT_Q2, {"version": 0, "code": codes}, follow=True)
    assert "Đã nhận số liệu từ hệ thống một cửa (8 giá trị thay đổi)." in response.content.decode()
    values = values_of("01855", 2024, 2)
    assert {c: int(values[c].value) for c in codes} == {
        "dossiers_received": 566,
        "dossiers_online_full": 104,
        "dossiers_online_partial": 24,
        "dossiers_at_desk": 435,
        "dossiers_postal": 3,
        "dossiers_resolved_on_time": 525,
        "dossiers_resolved_late": 9,
        "dossiers_paid_online": 67,
    }
    assert {values[c].origin for c in codes} == {Origin.DEMO}
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    reasons = set(AuditEntry.objects.filter(report=report, indicator_code__in=codes).values_list("reason", flat=True))
    assert reasons == {"Nhận số liệu từ hệ thống một cửa (minh họa)"}
    page = as_persona("clerk_xuathoa").get(FORM_Q2).content.decode()
    assert page.count('data-state="accepted"') == 8


def test_accepting_a_real_systems_figures_marks_them_system(system, as_persona):
    assert system.send({"batch_id": "q3", "rows": [row(received=12, paid_online=3)]}).status_code == 201
    response = as_persona("clerk_xuathoa").post(
        "/onestop/01855/2024/3/accept/", {"version": 0, "code": ["dossiers_received", "dossiers_paid_online"]}
    )
    assert response.status_code == 302 and response["Location"] == "/reports/01855/2024/3/edit/"
    values = values_of("01855", 2024, 3)
    assert (int(values["dossiers_received"].value), values["dossiers_received"].origin) == (12, Origin.SYSTEM)
    detail = as_persona("clerk_xuathoa").get("/reports/01855/2024/3/").content.decode()
    assert 'data-state="accepted"' in detail


def test_an_accepted_figure_is_checked_with_the_rest_of_the_report(as_persona):
    """Channels typed by the clerk that do not add up to the system's total: nothing is accepted."""
    clerk = as_persona("clerk_xuathoa")
    channels = {
        "dossiers_at_desk": "10",
        "dossiers_online_full": "5",
        "dossiers_online_partial": "0",
        "dossiers_postal": "0",
    }
    clerk.post(FORM_Q2, {"version": 0, **channels, "save": "1"})
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    before = {c: rv.value for c, rv in values_of("01855", 2024, 2).items()}
    response = clerk.post(ACCEPT_Q2, {"version": report.version, "code": ["dossiers_received"]}, follow=True)
    page = response.content.decode()
    assert "Chưa nhận được số liệu từ hệ thống:" in page and "phải bằng hồ sơ tiếp nhận (566)" in page
    assert {c: rv.value for c, rv in values_of("01855", 2024, 2).items()} == before


def test_keeping_the_wards_figure_needs_a_reason_and_shows_it_to_reviewers_and_the_team(as_persona):
    clerk = as_persona("clerk_xuathoa")
    response = clerk.post(OVERRIDE_Q1, {"code": "dossiers_online", "reason": "  "}, follow=True)
    assert "Hãy ghi lý do giữ số liệu của đơn vị." in response.content.decode()
    assert not Override.objects.exists()
    reason = "Hệ thống chưa tính 13 hồ sơ nộp qua Zalo OA của phường."
    clerk.post(OVERRIDE_Q1, {"code": "dossiers_online", "reason": reason})
    override = Override.objects.get()
    assert (override.system_value, int(override.reported_value), override.by.username) == (110, 123, "canbo_xuathoa")
    for persona in ("reviewer", "supervisor"):
        detail = as_persona(persona).get("/reports/01855/2024/1/").content.decode()
        assert reason in detail, persona
    assert reason in as_persona("supervisor").get("/profile/01855/").content.decode()
    assert reason not in as_persona("clerk_songcau").get("/reports/01855/2024/1/").content.decode()


@pytest.mark.parametrize("persona", ["clerk_songcau", "supervisor", "reviewer", "no_role"])
def test_only_the_wards_writers_accept_or_override(as_persona, persona):
    client = as_persona(persona)
    assert client.post(ACCEPT_Q2, {"version": 0, "code": ["dossiers_received"]}).status_code in (403, 404)
    assert client.post(OVERRIDE_Q1, {"code": "dossiers_online", "reason": "x"}).status_code in (403, 404)
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()
    assert not Override.objects.exists()


def test_the_profile_flags_a_gap_beyond_the_tolerance_for_the_supervision_team(as_persona):
    page = as_persona("supervisor").get("/profile/01855/").content.decode()
    assert 'data-testid="onestop-compare"' in page and 'data-testid="onestop-flagged"' in page
    assert "1 số báo cáo lệch số của hệ thống (lệch quá 5% số của hệ thống và quá 2 hồ sơ)" in page
    assert page.count('data-flagged="1"') == 1 and "lệch 13" in page  # 123 reported online, 110 by the system
    assert "hệ thống: minh họa" in page


@pytest.mark.parametrize("persona", ["clerk_songcau", "no_role", "admin_other_body"])
def test_the_comparison_is_not_shown_to_another_ward_or_the_public(as_persona, persona):
    response = as_persona(persona).get("/profile/01855/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "onestop-compare" not in page and "lệch 13" not in page


def test_the_wards_own_clerk_and_the_admin_see_the_comparison(as_persona):
    for persona in ("clerk_xuathoa", "admin"):
        assert 'data-testid="onestop-flagged"' in as_persona(persona).get("/profile/01855/").content.decode()


def test_the_tolerance_is_a_setting(as_persona, settings):
    settings.ONESTOP_TOLERANCE_DOSSIERS = 13
    page = as_persona("supervisor").get("/profile/01855/").content.decode()
    assert 'data-testid="onestop-compare"' in page and 'data-testid="onestop-flagged"' not in page
    assert "quá 13 hồ sơ" in page


def test_differences_for_an_overview_in_a_constant_number_of_queries(queries):
    xuat_hoa = old_commune("01855")
    quarters = [Quarter(2024, 1), Quarter(2024, 2)]
    [gap] = differences(unit_ids=[xuat_hoa.pk], quarters=quarters)
    assert (gap.quarter, gap.comparison.code, gap.comparison.difference) == (Quarter(2024, 1), "dossiers_online", 13)
    city = [old_commune(c).pk for c in ("01855", "01837", "01843", "01846")]
    one = queries.of(differences, unit_ids=[xuat_hoa.pk], quarters=quarters, label="one ward")
    four = queries.of(differences, unit_ids=city, quarters=quarters, label="four wards")
    queries.same(one, four)
    assert system_figures(city, quarters).keys() == {(xuat_hoa.pk, q) for q in quarters}


def test_flag_counts_for_an_overview_only_for_the_units_one_follows(user):
    from tests.personas import person

    units = [old_commune(c).pk for c in ("01855", "01837")]
    quarters = [Quarter(2024, 1)]
    xuat_hoa = old_commune("01855").pk
    assert flag_counts(user=person("supervisor"), unit_ids=units, quarters=quarters) == {xuat_hoa: 1}
    assert flag_counts(user=person("clerk_songcau"), unit_ids=units, quarters=quarters) == {}


def test_accept_all_leaves_totals_to_be_the_sum_of_their_parts(as_persona):
    page = as_persona("clerk_xuathoa").get(FORM_Q2).content.decode()
    assert 'data-testid="onestop-accept-all"' in page
    codes = [
        "dossiers_received", "dossiers_resolved_on_time", "dossiers_resolved_late", "dossiers_resolved",
        "dossiers_online_full", "dossiers_online_partial", "dossiers_online", "dossiers_at_desk",
        "dossiers_postal", "dossiers_paid_online",
    ]  # fmt: skip
    as_persona("clerk_xuathoa").post(ACCEPT_Q2, {"version": 0, "code": codes})
    values = values_of("01855", 2024, 2)
    assert "dossiers_resolved" not in values and "dossiers_online" not in values and len(values) == 8
    page = as_persona("clerk_xuathoa").get(FORM_Q2).content.decode()
    assert 'data-testid="onestop-accept-all"' not in page  # nothing left to accept: totals match their parts


def test_the_ward_explains_a_gap_on_an_approved_report_from_its_page(as_persona):
    clerk = as_persona("clerk_xuathoa")
    page = clerk.get("/reports/01855/2024/1/").content.decode()
    assert 'action="/onestop/01855/2024/1/override/"' in page and 'action="/onestop/01855/2024/1/accept/"' not in page
    response = clerk.post(OVERRIDE_Q1, {"code": "dossiers_online", "reason": "Có 13 hồ sơ nhập tay."})
    assert response["Location"] == "/reports/01855/2024/1/"  # approved: back to its page, not the form
    assert "override/" not in as_persona("reviewer").get("/reports/01855/2024/1/").content.decode()


def test_an_as_of_profile_says_the_systems_figures_are_todays(as_persona):
    page = as_persona("supervisor").get("/profile/01855/?on=2024-04-24").content.decode()
    assert 'data-testid="onestop-flagged"' in page and 'data-testid="onestop-as-of"' in page
    assert "đến hết ngày 24/04/2024; số của hệ thống là số nó gửi đến nay" in page


def test_system_figures_are_written_the_vietnamese_way_and_in_english(system, as_persona):
    system.send({"batch_id": "big", "rows": [row(received=1234, period="2024-08-01")]})
    clerk = as_persona("clerk_xuathoa")
    assert 'data-onestop-value="1.234"' in clerk.get("/reports/01855/2024/3/edit/").content.decode()
    clerk.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = clerk.get("/reports/01855/2024/3/edit/").content.decode()
    assert 'data-onestop-value="1,234"' in page and '<html lang="en">' in page


def test_the_form_reads_the_system_in_the_same_queries_however_many_counts_it_sent(system, as_persona, queries):
    system.send({"batch_id": "one", "rows": [row(period="2024-08-01")]})
    clerk = as_persona("clerk_xuathoa")
    url = "/reports/01855/2024/3/edit/"
    few = queries.get(clerk, url)
    days = [
        row(procedure=f"P{i}", channel=c, period=f"2024-09-{d:02d}")
        for i in range(3)
        for c in ("desk", "postal")
        for d in range(1, 29)
    ]
    assert system.send({"batch_id": "many", "rows": days}).status_code == 201
    queries.same(few, queries.get(clerk, url))
