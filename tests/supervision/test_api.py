import pytest

pytestmark = pytest.mark.django_db


def test_supervisions_endpoint_carries_the_article(as_persona, demo_objects):
    data = as_persona("clerk_xuathoa").get(f"/api/v1/supervisions/{demo_objects['resup'].pk}/").json()
    assert data["kind"] == "resupervision"
    assert data["date"] == "2024-04-24"
    assert (data["period_start"], data["period_end"]) == ("2023-01-01", "2024-04-30")
    assert data["topics"] == ["Cải cách hành chính", "Chuyển đổi số"]
    assert data["members"] == [
        {"name": "Lê Đăng Trưởng", "position": "Phó Chủ tịch HĐND thành phố Bắc Kạn", "role": "head"}
    ]
    assert data["follows_up"] == demo_objects["thematic"].pk
    assert "280/NQ-HĐND ngày 14/12/2022" in data["resolution"]
    assert [f["kind"] for f in data["findings"]].count("shortcoming") == 2
    assert [u["code"] for u in data["units"]] == ["01855"]


def test_clerks_see_only_their_recommendations(as_persona):
    songcau = as_persona("clerk_songcau").get("/api/v1/recommendations/").json()
    assert songcau["count"] == 0
    thematic = as_persona("clerk_songcau").get("/api/v1/supervisions/").json()
    # Sông Cầu was covered by the 2022 city-wide supervision, but the recommendations were to Xuất Hóa.
    assert [s["recommendation_ids"] for s in thematic["results"]] == [[]]
    xuathoa = as_persona("clerk_xuathoa").get("/api/v1/recommendations/?unit=01855").json()
    assert xuathoa["count"] == 8


def test_filters_by_unit_status_and_overdue(as_persona):
    client = as_persona("supervisor")
    assert client.get("/api/v1/recommendations/?unit=01855&status=done").json()["count"] == 6
    assert client.get("/api/v1/recommendations/?unit=01837").json()["count"] == 0
    overdue = client.get("/api/v1/recommendations/?overdue=true").json()
    assert {r["status"] for r in overdue["results"]} == {"in_progress", "not_started"}


@pytest.mark.parametrize(
    ("query", "field"), [("status=finished", "status"), ("overdue=maybe", "overdue"), ("supervision=x", "supervision")]
)
def test_bad_filters_are_json_errors_naming_the_field(as_persona, query, field):
    response = as_persona("supervisor").get(f"/api/v1/recommendations/?{query}")
    assert response.status_code == 400
    assert field in response.json()


def test_progress_and_verify_over_the_api(as_persona, open_rec):
    bad = as_persona("clerk_xuathoa").post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "declined", "text": "Không làm"},
        content_type="application/json",
    )
    assert bad.status_code == 400 and "reason" in bad.json()
    note = as_persona("clerk_xuathoa").post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Đã xong"},
        content_type="application/json",
    )
    assert note.status_code == 201 and note.json()["author"] == "canbo_xuathoa"
    verdict = as_persona("supervisor").post(
        f"/api/v1/recommendations/{open_rec.pk}/verify/",
        {"status": "done", "note": "Đạt"},
        content_type="application/json",
    )
    assert verdict.status_code == 201
    detail = as_persona("clerk_xuathoa").get(f"/api/v1/recommendations/{open_rec.pk}/").json()
    assert detail["status"] == "done" and detail["verified_at"]
    assert [n["text"] for n in detail["notes"]][-1] == "Đã xong"
    assert detail["verifications"][-1]["note"] == "Đạt"


def test_schema_lists_the_endpoints(as_persona):
    paths = as_persona("supervisor").get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/supervisions/",
        "/api/v1/recommendations/",
        "/api/v1/recommendations/{id}/progress/",
        "/api/v1/recommendations/{id}/verify/",
    ):
        assert path in paths
    params = {p["name"] for p in paths["/api/v1/recommendations/"]["get"]["parameters"]}
    assert {"unit", "status", "overdue"} <= params
