"""Across the apps: a ward's corrected figures, approved through the API, move
its PAR ranking (the approval marks the province-year stale in the same
transaction; after commit the recompute runs, eagerly here)."""

import pytest
from django.contrib.auth import get_user_model

from digital_metrics.models import QuarterlyReport
from digital_metrics.reports.services import report_reopen

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/01837/2023/4/"


def test_correction_approved_through_the_api_moves_the_ranking(as_persona, eager, django_capture_on_commit_callbacks):
    reviewer, clerk = as_persona("reviewer"), as_persona("clerk_songcau")
    before = reviewer.get("/api/v1/rankings/06/2023/01837/").json()
    report = QuarterlyReport.objects.get(unit__code="01837", unit__valid_to__isnull=False, year=2023, quarter=4)
    with django_capture_on_commit_callbacks(execute=True):
        report_reopen(
            report=report,
            version=report.version,
            by=get_user_model().objects.get(username="noivu_thanhpho"),
            reason="Sửa số liệu",
        )
    data = clerk.get(URL).json()
    values = data["values"]
    resolved = values["dossiers_resolved_on_time"] + values["dossiers_resolved_late"]
    # Most dossiers of the quarter were in fact late: the on-time rate criterion drops.
    response = clerk.put(
        URL,
        {
            "version": data["version"],
            "values": {"dossiers_resolved_on_time": 0, "dossiers_resolved_late": resolved},
            "confirm_warnings": True,  # far from the previous quarter: confirmed on purpose
        },
        content_type="application/json",
    )
    assert response.status_code == 200, response.content.decode()
    version = response.json()["version"]
    assert clerk.post(f"{URL}submit/", {"version": version}, content_type="application/json").status_code == 200
    version = reviewer.get(URL).json()["version"]
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(f"{URL}approve/", {"version": version}, content_type="application/json")
    assert response.status_code == 200, response.content
    after = reviewer.get("/api/v1/rankings/06/2023/01837/").json()
    assert after["index_percent"] < before["index_percent"]
    assert after["rank"] > before["rank"]
    assert after["cohort_size"] == 108
