"""Across the apps: a ward's corrected figures, approved through the API, move
its recomputed PAR ranking (the approval marks the province-year stale in the
same transaction; after commit the recompute runs, eagerly here) — and never
the published one: the official ranking stays as published, and the pages
show the recomputed result beside it with who changed what, when and why."""

import pytest
from django.contrib.auth import get_user_model

from digital_metrics.models import QuarterlyReport
from digital_metrics.reports.services import report_reopen

pytestmark = pytest.mark.django_db

URL = "/api/v1/reports/01837/2023/4/"


def test_correction_approved_through_the_api_moves_the_ranking(as_persona, eager, django_capture_on_commit_callbacks):
    from par_index import official
    from par_index.models import Framework

    reviewer, clerk = as_persona("reviewer"), as_persona("clerk_songcau")
    # The province's appraisers publish the 2023 ranking as it stands: frozen from now on.
    framework = Framework.objects.get(province__code="06", year=2023)
    published = official.publish(
        framework=framework, by=get_user_model().objects.get(username="thamdinh_snv"), decision="QĐ 35/QĐ-UBND"
    )
    before = reviewer.get("/api/v1/rankings/06/2023/01837/").json()
    assert before["official"]["rank"] == before["rank"] and before["differs"] is False
    report = QuarterlyReport.objects.get(unit__code="01837", unit__valid_to__isnull=False, year=2023, quarter=4)
    with django_capture_on_commit_callbacks(execute=True):
        report_reopen(
            report=report,
            version=report.version,
            by=get_user_model().objects.get(username="noivu_thanhpho"),
            reason="Phường báo cáo thiếu hồ sơ trễ hạn",
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
    # The official ranking has not moved; the change is shown beside it, with who, when and why.
    assert after["official"] == before["official"] and after["differs"] is True
    assert official.official_for(framework) == published
    whats = [(c["what"], c["by"], c["why"]) for c in after["changes"]]
    reviewer_name = "Phòng Nội vụ thành phố Bắc Kạn"
    assert ("Mở lại báo cáo Quý IV/2023", reviewer_name, "Phường báo cáo thiếu hồ sơ trễ hạn") in whats
    assert ("Duyệt báo cáo Quý IV/2023", reviewer_name, "") in whats
    page = as_persona("supervisor").get("/par/06/2023/").content.decode()
    row = page.split('data-unit="01837"')[1].split("</tr>")[0]
    assert 'data-differs="1"' in page.split('data-unit="01837"')[1][:40]
    assert f'data-col="official-rank">{before["official"]["rank"]}/108' in row
    assert "Phường báo cáo thiếu hồ sơ trễ hạn" in row and "khác" in row
