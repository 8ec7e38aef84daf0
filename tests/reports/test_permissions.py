"""Every URL and endpoint of the data entry, tried by every persona. Sông
Cầu (01837) has a draft of Quý II/2024; Xuất Hóa (01855) an approved Quý
I/2024 and nothing for Quý II/2024."""

import pytest

from digital_metrics.models import QuarterlyReport
from tests.personas import ADM, ANON, PERSONAS, SC, SUP, XH, assert_get, matrix_cases

pytestmark = pytest.mark.django_db


# url: {persona: expected status}; a persona left out gets 200.
GET_MATRIX = {
    # Sông Cầu's draft: its clerk, the supervision team and the admin read it; Xuất Hóa's clerk may not know it exists.
    "/reports/01837/2024/2/": {ANON: 302, XH: 404},
    "/reports/01837/2024/2/edit/": {ANON: 302, XH: 404, SUP: 403},
    "/reports/01837/2024/2/excel/": {ANON: 302, XH: 404},
    # An approved report: everyone signed in reads it; nobody edits it (the form sends the writer back).
    "/reports/01855/2024/1/": {ANON: 302},
    "/reports/01855/2024/1/edit/": {ANON: 302, XH: 302, SC: 403, SUP: 403, ADM: 302},
    "/reports/01855/2024/1/excel/": {ANON: 302},
    # A quarter without a report: the ward's own clerk starts it.
    "/reports/01855/2024/2/": {ANON: 302, SC: 404},
    "/reports/01855/2024/2/edit/": {ANON: 302, SC: 404, SUP: 403},
    # Xuất Hóa ended on 30/06/2025; 01855 names no unit in Quý III/2025.
    "/reports/01855/2025/3/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/reports/058/2024/1/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/reports/review/": {ANON: 302, XH: 403, SC: 403},
    "/reports/periods/": {ANON: 302, XH: 403, SC: 403, SUP: 403},
    "/reports/excel/2024/2/": {ANON: 302, SUP: 403},
    "/reports/import/": {ANON: 302, SUP: 403},
    "/api/v1/reports/": {ANON: 401},
    "/api/v1/reports/?unit=01837&year=2024&quarter=2": {ANON: 401},
    "/api/v1/reports/01837/2024/2/": {ANON: 401, XH: 404},
    "/api/v1/reports/01855/2024/1/": {ANON: 401},
    "/api/v1/reports/01855/2024/2/": {ANON: 401, XH: 404, SC: 404, SUP: 404, ADM: 404},
}


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases(GET_MATRIX))
def test_every_get_by_every_persona(as_persona, url, persona, status):
    assert_get(as_persona(persona), url, persona, status)


# POSTs that change Sông Cầu's draft: who may, who gets 403 or 404, nothing changes for the refused.
POST_MATRIX = {
    "/reports/01837/2024/2/edit/": {ANON: 302, XH: 404, SC: 302, SUP: 403, ADM: 302},
    "/reports/01837/2024/2/submit/": {ANON: 302, XH: 404, SC: 302, SUP: 403, ADM: 302},
    "/reports/01837/2024/2/approve/": {ANON: 302, XH: 404, SC: 403, SUP: 403, ADM: 302},
    "/reports/01837/2024/2/return/": {ANON: 302, XH: 404, SC: 403, SUP: 403, ADM: 302},
    "/reports/01837/2024/2/reopen/": {ANON: 302, XH: 404, SC: 403, SUP: 403, ADM: 302},
}
POST_CASES = [(url, p, rules[p]) for url, rules in POST_MATRIX.items() for p in PERSONAS]


@pytest.mark.parametrize(("url", "persona", "status"), POST_CASES)
def test_every_post_by_every_persona(as_persona, songcau_draft, url, persona, status):
    data = {"version": "1", "reason": "Kiểm tra", "campaigns_mobile": "2", "save": "1"}
    response = as_persona(persona).post(url, data)
    assert response.status_code == status, f"{persona} POST {url}"
    if status in (403, 404) or persona == ANON:
        report = QuarterlyReport.objects.get(pk=songcau_draft.pk)
        assert (report.version, report.status) == (1, "draft")
        assert report.values.get(indicator__code="campaigns_mobile").value == 1


API_WRITES = [
    ("put", "/api/v1/reports/01837/2024/2/", {"version": 1, "values": {"campaigns_mobile": 2}}),
    ("post", "/api/v1/reports/01837/2024/2/submit/", {"version": 1}),
    ("post", "/api/v1/reports/01837/2024/2/approve/", {"version": 1}),
    ("post", "/api/v1/reports/01837/2024/2/return/", {"version": 1, "reason": "x"}),
]
API_EXPECTED = {
    "put": {ANON: 401, XH: 404, SC: 200, SUP: 403, ADM: 200},
    "submit": {ANON: 401, XH: 404, SC: 200, SUP: 403, ADM: 200},
    "approve": {ANON: 401, XH: 404, SC: 403, SUP: 403, ADM: 409},  # a draft is not approved
    "return": {ANON: 401, XH: 404, SC: 403, SUP: 403, ADM: 409},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "body"), API_WRITES)
def test_api_writes_by_every_persona(as_persona, songcau_draft, persona, method, url, body):
    key = "put" if method == "put" else url.rstrip("/").rsplit("/", 1)[-1]
    response = getattr(as_persona(persona), method)(url, body, content_type="application/json")
    assert response.status_code == API_EXPECTED[key][persona], response.content
    if response.status_code != 200:
        assert QuarterlyReport.objects.get(pk=songcau_draft.pk).version == 1


def test_clerk_of_xuathoa_cannot_write_songcau_through_the_api_even_for_a_new_quarter(as_persona):
    response = as_persona(XH).put(
        "/api/v1/reports/01837/2024/3/",
        {"version": 0, "values": {"campaigns_mobile": 2}},
        content_type="application/json",
    )
    assert response.status_code == 404  # an outsider is not told whether a draft exists
    assert not QuarterlyReport.objects.filter(unit__code="01837", year=2024, quarter=3).exists()


def test_api_list_hides_other_wards_drafts(as_persona):
    def listed(persona):
        rows = as_persona(persona).get("/api/v1/reports/?year=2024&quarter=2").json()["results"]
        return {(r["unit_code"], r["status"]) for r in rows}

    assert ("01837", "draft") in listed(SC)
    assert ("01837", "draft") in listed(SUP)
    assert ("01837", "draft") not in listed(XH)


def test_review_list_shows_submitted_reports_and_only_admins_approve(as_persona, songcau_draft):
    as_persona(SC).post("/reports/01837/2024/2/submit/", {"version": "1"})
    assert "Phường Sông Cầu" in as_persona(SUP).get("/reports/review/").content.decode()
    response = as_persona(SUP).post(
        "/reports/review/", {"report": str(songcau_draft.pk), f"version_{songcau_draft.pk}": "2"}
    )
    assert response.status_code == 403
    as_persona(ADM).post("/reports/review/", {"report": str(songcau_draft.pk), f"version_{songcau_draft.pk}": "2"})
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).status == "approved"


def test_supervisor_sees_no_write_buttons(as_persona):
    html = as_persona(SUP).get("/reports/01837/2024/2/").content.decode()
    assert "/reports/01837/2024/2/edit/" not in html and "/submit/" not in html
    html = as_persona(SC).get("/reports/01837/2024/2/").content.decode()
    assert "/reports/01837/2024/2/edit/" in html and "/submit/" in html
