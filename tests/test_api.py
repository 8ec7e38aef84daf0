import pytest

pytestmark = pytest.mark.django_db


def test_units_filter_by_level_and_date(as_persona):
    client = as_persona("supervisor")
    data = client.get("/api/v1/units/?level=province&date=2025-07-01&limit=100").json()
    assert data["count"] == 34
    data = client.get("/api/v1/units/?level=province&date=2024-04-24&limit=100").json()
    assert data["count"] == 63


def test_a_code_and_a_date_find_one_unit(as_persona):
    client = as_persona("supervisor")
    before = client.get("/api/v1/units/?code=01843&date=2024-04-24").json()["results"]
    after = client.get("/api/v1/units/?code=01843&date=2025-07-01").json()["results"]
    assert [u["name"] for u in before] == ["Phường Phùng Chí Kiên"]
    assert [u["name"] for u in after] == ["Phường Bắc Kạn"]
    assert after[0]["parent_code"] == "19"
    assert {p["name"] for p in after[0]["predecessors"]} >= {"Phường Xuất Hóa", "Phường Sông Cầu"}


def test_units_filter_by_parent(as_persona):
    client = as_persona("supervisor")
    city = client.get("/api/v1/units/?code=058").json()["results"][0]
    wards = client.get(f"/api/v1/units/?parent={city['id']}").json()
    assert wards["count"] == 8
    assert client.get("/api/v1/units/?parent_code=058").json()["count"] == 8


def test_indicators_describe_how_figures_roll_up(as_persona):
    rate = as_persona("clerk_xuathoa").get("/api/v1/indicators/copy_certification_electronic_rate/").json()
    assert rate["numerator"] == "copy_certifications_electronic"
    assert rate["denominator"] == "copy_certifications"
    online = as_persona("clerk_xuathoa").get("/api/v1/indicators/dossiers_online_full_rate/").json()
    assert online["targets"][0]["value"] == 80


def test_bad_filter_is_a_json_error_naming_the_field(as_persona):
    response = as_persona("supervisor").get("/api/v1/units/?level=planet")
    assert response.status_code == 400
    assert "level" in response.json()


def test_openapi_schema_lists_the_endpoints(as_persona):
    response = as_persona("supervisor").get("/api/schema/?format=json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/units/" in paths and "/api/v1/indicators/" in paths


def test_token_authentication(db):
    from django.contrib.auth import get_user_model
    from django.test import Client

    from core.tokens import create_token

    _token, text = create_token(user=get_user_model().objects.get(username="giamsat"))
    response = Client().get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 200
