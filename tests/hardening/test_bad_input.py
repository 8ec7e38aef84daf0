"""No 500 on bad input: each gets a clear Vietnamese error naming what is wrong
(JSON under /api/), and nothing is stored."""

import json

import pytest

from core.limits import NOTE_CHARS
from digital_metrics.models import QuarterlyReport
from tests.reports.conftest import old_commune, songcau_draft  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db
REPORT = "/api/v1/reports/01837/2024/2/"


def put(client, body, **extra):
    data = body if isinstance(body, str | bytes) else json.dumps(body)
    return client.put(REPORT, data, content_type="application/json", **extra)


def test_json_nested_5000_deep_is_a_400_in_vietnamese(as_persona, songcau_draft):
    deep = '{"version": 1, "values": {"campaigns_mobile": ' + "[" * 5000 + "]" * 5000 + "}}"
    response = put(as_persona("clerk_songcau"), deep)
    assert response.status_code == 400
    assert "lồng quá sâu" in response.json()["detail"]


def test_json_nested_deeper_than_the_limit_but_parseable_is_refused_too(as_persona, songcau_draft, settings):
    body = {"version": 1, "values": {"campaigns_mobile": [[[[[[1]]]]]]}}
    settings.API_MAX_JSON_DEPTH = 4
    response = put(as_persona("clerk_songcau"), body)
    assert response.status_code == 400 and "values.campaigns_mobile" in response.json()["detail"]


def test_a_nul_byte_in_a_text_value_is_refused_naming_the_field(as_persona, songcau_draft):
    response = put(as_persona("clerk_songcau"), {"version": 1, "values": {"campaigns_mobile": 2}, "note": "a\x00b"})
    assert response.status_code == 400
    assert response.json() == {"note": ["Chứa ký tự NUL (\\u0000), không được phép."]}
    response = put(as_persona("clerk_songcau"), {"version": 1, "values": {"some_text": "x\x00"}})
    assert response.status_code == 400 and "values.some_text" in response.json()
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).version == 1


def test_a_nul_byte_in_a_form_field_is_refused_beside_the_field(as_persona, songcau_draft):
    response = as_persona("clerk_songcau").post(
        "/reports/01837/2024/2/edit/", {"version": 1, "note": "a\x00b", "campaigns_mobile": "2"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["note"] and QuarterlyReport.objects.get(pk=songcau_draft.pk).version == 1


@pytest.mark.parametrize("url", ["/api/v1/recommendations/?unit=%00", "/reports/review/?x=%00", "/units/%00/"])
def test_a_nul_byte_in_a_url_is_a_400_with_a_reason(as_persona, url):
    response = as_persona("supervisor").get(url)
    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()


@pytest.mark.parametrize("year", ["99999999999999999999", "0", "1999", "2101"])
@pytest.mark.parametrize(
    "url",
    [
        "/reports/01855/{year}/1/",
        "/reports/excel/{year}/1/",
        "/procedures/dossiers/01855/{year}/1/",
        "/par/06/{year}/",
        "/par/06/{year}/01855/",
    ],
)
def test_a_year_out_of_range_in_a_url_is_a_404_that_says_why(as_persona, url, year):
    response = as_persona("admin").get(url.format(year=year))
    assert response.status_code == 404
    page = response.content.decode()
    assert "Năm “" in page and "phải từ 2000 đến 2100" in page and "<nav" in page  # the site's layout


@pytest.mark.parametrize("year", ["99999999999999999999", "0"])
def test_a_year_out_of_range_in_an_api_url_is_a_json_404(as_persona, year):
    for url in (f"/api/v1/reports/01855/{year}/1/", f"/api/v1/rankings/06/{year}/01855/"):
        response = as_persona("admin").get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json"
        assert "phải từ 2000 đến 2100" in response.json()["detail"]


def test_a_quarter_out_of_range_is_a_404_that_says_why(as_persona):
    response = as_persona("admin").get("/reports/01855/2024/99999999999999999999/")
    assert response.status_code == 404 and "quý phải là 1, 2, 3 hoặc 4" in response.content.decode()


def test_a_60_mb_json_body_is_refused_unread_with_413(as_persona, songcau_draft):
    body = b'{"version": 1, "note": "' + b"x" * (60 * 1024 * 1024) + b'"}'
    response = put(as_persona("clerk_songcau"), body)
    assert response.status_code == 413
    assert "quá lớn" in response.json()["detail"] and "1.024 KB" in response.json()["detail"]
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).note == ""


def test_an_11_million_character_note_is_refused(as_persona, songcau_draft):
    """Over the body limit it is refused before it is parsed (413); a note just over
    the field's limit is refused naming the field, in Vietnamese."""
    clerk = as_persona("clerk_songcau")
    assert put(clerk, {"version": 1, "values": {}, "note": "x" * 11_000_000}).status_code == 413
    response = put(clerk, {"version": 1, "values": {}, "note": "x" * (NOTE_CHARS + 1)})
    assert response.status_code == 400
    assert response.json()["note"] == [f"Trường này không được vượt quá {NOTE_CHARS} ký tự."]
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).note == ""


def test_an_overlong_note_in_the_form_is_refused_beside_the_field(as_persona, songcau_draft):
    response = as_persona("clerk_songcau").post(
        "/reports/01837/2024/2/edit/", {"version": 1, "note": "x" * (NOTE_CHARS + 1), "campaigns_mobile": "2"}
    )
    assert response.status_code == 200
    [message] = response.context["form"].errors["note"]
    assert "tối đa 2000" in message
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).version == 1


def test_an_oversized_form_body_is_a_400_page_not_a_500(as_persona, songcau_draft, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = as_persona("clerk_songcau").post(
        "/reports/01837/2024/2/edit/", {"version": 1, "note": "x" * 20_000, "campaigns_mobile": "2"}
    )
    assert response.status_code == 400 and "quá lớn" in response.content.decode()


def test_every_typed_text_field_has_a_length_limit():
    """Models' TextFields that people type into carry max_length, which their
    ModelForms and ModelSerializers enforce."""
    from django.apps import apps
    from django.db import models

    machine_written = {
        ("par_index", "ScoreChange", "before"),
        ("par_index", "ScoreChange", "after"),
        ("par_index", "RecomputeRun", "error"),
        ("digital_metrics", "ImportJob", "preview"),
        ("digital_metrics", "ImportJob", "result"),
    }
    unbounded = [
        (m._meta.app_label, m.__name__, f.name)
        for m in apps.get_models()
        if m._meta.app_label in {"digital_metrics", "par_index", "supervision", "wards", "procedures"}
        for f in m._meta.get_fields()
        if isinstance(f, models.TextField) and f.max_length is None
    ]
    assert set(unbounded) <= machine_written, set(unbounded) - machine_written


@pytest.mark.parametrize("limit", ["100000000", "501"])
def test_limit_is_capped(as_persona, limit, settings):
    response = as_persona("admin").get(f"/api/v1/units/?limit={limit}")
    assert response.status_code == 200
    assert len(response.json()["results"]) == settings.API_MAX_LIMIT == 500
