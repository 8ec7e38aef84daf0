"""Who sees what beyond a page's status (the statuses: tests/test_url_matrix.py)."""

import pytest

from tests.personas import ADM, REV, SC, SUP, XH

pytestmark = pytest.mark.django_db


def test_drafts_are_seen_only_by_their_ward_never_by_the_council(as_persona):
    url = "/profile/01837/?year=2024"
    draft_column = "Quý II/2024"
    assert draft_column in as_persona(SC).get(url).content.decode()
    assert draft_column in as_persona(ADM).get(url).content.decode()
    for persona in (XH, SUP, REV):  # the HĐND supervises what was accepted; the UBND gets what is submitted
        assert draft_column not in as_persona(persona).get(url).content.decode(), persona


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
