"""Every URL, tried by every persona. One table, read row by row: the status
each persona gets. 302 to the login page for the anonymous visitor."""

import pytest

from tests.personas import ADM, ANON, SC, SUP, XH, assert_get, matrix_cases

pytestmark = pytest.mark.django_db


# url: {persona: expected status}; a persona left out gets 200.
MATRIX = {
    "/": {ANON: 302},
    "/units/": {ANON: 302},
    "/units/?level=commune&q=Xu%E1%BA%A5t&on=24/04/2024": {ANON: 302},
    "/units/01855/?on=2024-04-24": {ANON: 302},
    "/units/01843/": {ANON: 302},
    "/units/99999/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/profile/01855/?on=2024-04-24": {ANON: 302},
    "/profile/01837/?on=2024-04-24&year=2024": {ANON: 302},
    "/profile/058/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/catalogue/indicators/": {ANON: 302},
    "/procedures/": {ANON: 302},
    "/admin/": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/admin/wards/administrativeunit/?q=01855": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/admin/digital_metrics/indicator/": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/admin/procedures/procedure/": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/api/v1/units/?level=province&date=2025-07-01": {ANON: 401},
    "/api/v1/units/?code=01843&date=2024-04-24": {ANON: 401},
    "/api/v1/indicators/": {ANON: 401},
    "/api/v1/indicators/chip_id_cards/": {ANON: 401},
    "/api/schema/": {},  # the schema is public: it describes the API, it holds no data
    "/api/docs/": {},
    "/accounts/login/": {},
}


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases(MATRIX))
def test_every_url_by_every_persona(as_persona, url, persona, status):
    assert_get(as_persona(persona), url, persona, status)


def test_drafts_are_seen_only_by_their_ward_and_its_supervisors(as_persona):
    url = "/profile/01837/?on=2024-04-24&year=2024"
    draft_column = "Quý II/2024"
    assert draft_column in as_persona(SC).get(url).content.decode()
    assert draft_column in as_persona(SUP).get(url).content.decode()
    assert draft_column in as_persona(ADM).get(url).content.decode()
    assert draft_column not in as_persona(XH).get(url).content.decode()


def test_navigation_follows_the_role(as_persona):
    assert "/admin/" in as_persona(ADM).get("/").content.decode()
    for persona in (XH, SUP):
        assert 'href="/admin/"' not in as_persona(persona).get("/").content.decode()


def test_home_lists_the_units_of_the_persona(as_persona):
    clerk = as_persona(XH).get("/").content.decode()
    assert "Phường Xuất Hóa" in clerk and "Phường Sông Cầu" not in clerk
    supervisor = as_persona(SUP).get("/").content.decode()
    for name in ("Phường Xuất Hóa", "Phường Sông Cầu", "Xã Nông Thượng", "Xã Dương Quang"):
        assert name in supervisor
    assert "Huyện Ba Bể" not in supervisor


def test_reports_and_scores_cannot_be_edited_behind_the_services_back(as_persona):
    """Django admin only browses reports, frameworks and scores: editing them
    there would skip the version check, the workflow, the stale mark and the audit."""
    from digital_metrics.models import QuarterlyReport
    from par_index.models import Score

    admin = as_persona(ADM)
    report = QuarterlyReport.objects.filter(status="approved").first()
    url = f"/admin/digital_metrics/quarterlyreport/{report.pk}/change/"
    assert admin.get(url).status_code == 200  # viewing is allowed
    assert admin.post(url, {"status": "draft", "year": report.year, "quarter": report.quarter}).status_code == 403
    assert QuarterlyReport.objects.get(pk=report.pk).status == "approved"
    score = Score.objects.first()
    assert admin.post(f"/admin/par_index/score/{score.pk}/change/", {"self_points": "0"}).status_code == 403
    assert admin.get("/admin/par_index/framework/add/").status_code == 403
