"""Every write of the data entry, tried by every persona (the pages' GETs:
tests/test_url_matrix.py). Sông Cầu (01837) has a draft of Quý II/2024;
Phùng Chí Kiên (01843) a submitted Quý II/2024; Xuất Hóa (01855) an approved
Quý I/2024 and nothing for Quý II/2024."""

import pytest

from digital_metrics.models import QuarterlyReport
from tests.personas import ADM, ANON, APR, NOROLE, OTHER_ADM, PERSONAS, REV, SC, SUP, XH, matrix_cases, only

pytestmark = pytest.mark.django_db


# POSTs that change Sông Cầu's draft (version 1): who may, who gets 403 (sees it, may not) or 404
# (is not told it exists), and nothing changes for the refused. The HĐND and the UBND never write
# a ward's figures (the system admin may, audited); nobody approves a draft.
ON_DRAFT = {
    "/reports/01837/2024/2/edit/": only(SC, ADM, allowed_status=302, others=404),
    "/reports/01837/2024/2/submit/": only(SC, ADM, allowed_status=302, others=404),
    "/reports/01837/2024/2/approve/": {**only(others=404), SC: 403, ADM: 403},
    "/reports/01837/2024/2/return/": {**only(others=404), SC: 403, ADM: 403},
    "/reports/01837/2024/2/reopen/": {**only(others=404), SC: 403, ADM: 403},
}


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases(ON_DRAFT))
def test_every_post_on_a_draft_by_every_persona(as_persona, songcau_draft, url, persona, status):
    data = {"version": "1", "reason": "Kiểm tra", "campaigns_mobile": "2", "save": "1"}
    response = as_persona(persona).post(url, data)
    assert response.status_code == status, f"{persona} POST {url}"
    report = QuarterlyReport.objects.get(pk=songcau_draft.pk)
    if status in (403, 404) or persona == ANON:
        assert (report.version, report.status) == (1, "draft")
        assert report.values.get(indicator__code="campaigns_mobile").value == 1


# Phùng Chí Kiên's submitted report: the UBND's reviewer approves or returns it, nobody else.
ON_SUBMITTED = {
    "/reports/01843/2024/2/approve/": {**only(REV, allowed_status=302, others=404), ADM: 403},
    "/reports/01843/2024/2/return/": {**only(REV, allowed_status=302, others=404), ADM: 403},
}


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases(ON_SUBMITTED))
def test_only_the_ubnd_reviewer_accepts_or_returns(as_persona, submitted_report, url, persona, status):
    version = submitted_report.version
    response = as_persona(persona).post(url, {"version": str(version), "reason": "Thiếu số liệu quý"})
    assert response.status_code == status, f"{persona} POST {url}"
    report = QuarterlyReport.objects.get(pk=submitted_report.pk)
    if status == 302 and persona != ANON:
        assert report.status in ("approved", "returned") and report.version == version + 1
    else:
        assert (report.status, report.version) == ("submitted", version)


API_WRITES = [
    ("put", "/api/v1/reports/01837/2024/2/", {"version": 1, "values": {"campaigns_mobile": 2}}),
    ("post", "/api/v1/reports/01837/2024/2/submit/", {"version": 1}),
    ("post", "/api/v1/reports/01837/2024/2/approve/", {"version": 1}),
    ("post", "/api/v1/reports/01837/2024/2/return/", {"version": 1, "reason": "x"}),
]
API_EXPECTED = {
    "put": only(SC, ADM, others=404, anon=401),
    "submit": only(SC, ADM, others=404, anon=401),
    "approve": {**only(others=404, anon=401), SC: 403, ADM: 403},
    "return": {**only(others=404, anon=401), SC: 403, ADM: 403},
}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("method", "url", "body"), API_WRITES)
def test_api_writes_by_every_persona(as_persona, songcau_draft, persona, method, url, body):
    key = "put" if method == "put" else url.rstrip("/").rsplit("/", 1)[-1]
    response = getattr(as_persona(persona), method)(url, body, content_type="application/json")
    assert response.status_code == API_EXPECTED[key][persona], response.content
    if response.status_code != 200:
        assert QuarterlyReport.objects.get(pk=songcau_draft.pk).version == 1


@pytest.mark.parametrize("persona", PERSONAS)
def test_api_approval_by_every_persona(as_persona, submitted_report, persona):
    url = "/api/v1/reports/01843/2024/2/approve/"
    response = as_persona(persona).post(url, {"version": submitted_report.version}, content_type="application/json")
    expected = {**only(REV, others=404, anon=401), ADM: 403}[persona]
    assert response.status_code == expected, response.content
    status = QuarterlyReport.objects.get(pk=submitted_report.pk).status
    assert status == ("approved" if persona == REV else "submitted")


def test_clerk_of_xuathoa_cannot_write_songcau_through_the_api_even_for_a_new_quarter(as_persona):
    response = as_persona(XH).put(
        "/api/v1/reports/01837/2024/3/",
        {"version": 0, "values": {"campaigns_mobile": 2}},
        content_type="application/json",
    )
    assert response.status_code == 404  # an outsider is not told whether a draft exists
    assert not QuarterlyReport.objects.filter(unit__code="01837", year=2024, quarter=3).exists()


def test_api_list_shows_drafts_to_their_ward_only_and_pending_reports_to_the_ubnd(as_persona):
    def listed(persona):
        rows = as_persona(persona).get("/api/v1/reports/?year=2024&quarter=2").json()["results"]
        return {(r["unit_code"], r["status"]) for r in rows}

    assert ("01837", "draft") in listed(SC)
    for persona in (XH, REV, APR, SUP, OTHER_ADM, NOROLE):  # the HĐND supervises what was accepted, not drafts
        assert ("01837", "draft") not in listed(persona), persona
    assert ("01843", "submitted") in listed(REV)
    assert ("01843", "submitted") not in listed(SUP) and ("01843", "submitted") not in listed(SC)


def test_review_list_is_the_ubnds_and_only_its_reviewer_approves(as_persona, songcau_draft):
    as_persona(SC).post("/reports/01837/2024/2/submit/", {"version": "1"})
    assert "Phường Sông Cầu" in as_persona(REV).get("/reports/review/").content.decode()
    assert as_persona(SUP).get("/reports/review/").status_code == 403
    choice = {"report": str(songcau_draft.pk), f"version_{songcau_draft.pk}": "2"}
    assert as_persona(SUP).post("/reports/review/", choice).status_code == 403
    assert as_persona(ADM).post("/reports/review/", choice).status_code == 403  # the admin reads, approves nothing
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).status == "submitted"
    as_persona(REV).post("/reports/review/", choice)
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).status == "approved"


def test_buttons_follow_what_the_user_may_do(as_persona, submitted_report):
    """No "duyệt" or "trả lại" for the HĐND: it cannot open a pending report at all,
    and on an accepted one it sees no write button; the UBND's reviewer sees them."""
    assert as_persona(SUP).get("/reports/01843/2024/2/").status_code == 404
    approved = as_persona(SUP).get("/reports/01855/2024/1/").content.decode()
    for action in ("/edit/", "/submit/", "/approve/", "/return/", "/reopen/"):
        assert f"/reports/01855/2024/1{action}" not in approved
    pending = as_persona(REV).get("/reports/01843/2024/2/").content.decode()
    assert "/reports/01843/2024/2/approve/" in pending and "/reports/01843/2024/2/return/" in pending
    assert "/reports/01843/2024/2/edit/" not in pending
    draft = as_persona(SC).get("/reports/01837/2024/2/").content.decode()
    assert "/reports/01837/2024/2/edit/" in draft and "/submit/" in draft and "/approve/" not in draft
    menu = "Duyệt báo cáo"
    assert menu not in as_persona(SUP).get("/").content.decode()
    assert menu in as_persona(REV).get("/").content.decode()
