"""Open data: stable URLs, a licence line and the publication date, cells that never
start a formula, the same rows in the API without authentication; a per-address limit."""

import csv
import io
import json

import pytest
from django.db.models import Max
from django.utils import timezone

from public.models import Publication
from supervision.models import Recommendation

pytestmark = pytest.mark.django_db

DATASETS = ("rankings", "figures", "recommendations")


def demo_published_on() -> str:
    """The day load_demo published (it makes no day up: the day it ran)."""
    return timezone.localdate(Publication.objects.aggregate(at=Max("published_at"))["at"]).isoformat()


def csv_rows(content: bytes) -> tuple[str, list[dict]]:
    text = content.decode("utf-8-sig")
    first, rest = text.split("\r\n", 1)
    return first, list(csv.DictReader(io.StringIO(rest)))


def test_csv_has_its_licence_line_and_publication_dates(client, settings):
    for name in DATASETS:
        response = client.get(f"/public/data/{name}.csv")
        assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf#")
        assert response["Access-Control-Allow-Origin"] == "*" and response["Cache-Control"] == "public, max-age=60"
        first, rows = csv_rows(response.content)
        assert settings.PUBLIC_DATA_LICENCE in first and f"công bố: {demo_published_on()}" in first
        assert rows and all(r["published_on"] == demo_published_on() for r in rows)
    _first, ranks = csv_rows(client.get("/public/data/rankings.csv").content)
    assert {(r["unit_code"], r["year"], r["rank"], r["cohort_size"]) for r in ranks} == {
        ("01855", "2022", "106", "108"),
        ("01855", "2023", "14", "108"),
    }


def test_json_has_numbers_licence_and_date(client, settings):
    doc = json.loads(client.get("/public/data/figures.json").content)
    assert doc["licence"] == settings.PUBLIC_DATA_LICENCE and doc["published_on"] == demo_published_on()
    rate = next(
        r for r in doc["rows"] if r["unit_code"] == "01855" and r["indicator"] == "copy_certification_electronic_rate"
    )
    assert (rate["numerator"], rate["denominator"], rate["value"]) == (126, 217, 58.0645)
    assert rate["origin"] == "article" and rate["illustrative"] is False
    demo = next(r for r in doc["rows"] if r["unit_code"] == "01834")
    assert demo["illustrative"] is True and demo["origin"] == "demo"


def test_text_never_starts_a_formula(client, resup):
    Recommendation.objects.filter(supervision=resup, number=1).update(text='=HYPERLINK("http://x.example","bấm")')
    _first, rows = csv_rows(client.get("/public/data/recommendations.csv").content)
    assert rows[0]["text"] == '\'=HYPERLINK("http://x.example","bấm")'
    # JSON carries the text as it is.
    doc = json.loads(client.get("/public/data/recommendations.json").content)
    assert doc["rows"][0]["text"].startswith("=HYPERLINK")


@pytest.mark.parametrize("name", DATASETS)
def test_the_api_gives_the_same_rows_without_authentication(client, name):
    api = client.get(f"/api/v1/public/{name}/")
    assert api.status_code == 200
    file = json.loads(client.get(f"/public/data/{name}.json").content)
    assert api.json()["rows"] == file["rows"] and api.json()["licence"] == file["licence"]


def test_the_api_ignores_a_bad_token(client):
    """No authentication at all: a stale token does not turn the open data into a 401."""
    assert client.get("/api/v1/public/rankings/", HTTP_AUTHORIZATION="Token nope").status_code == 200


def test_rate_limit_per_address_in_vietnamese(client, settings, city):
    settings.PUBLIC_RATE_PER_MINUTE = 3
    for _ in range(3):
        assert client.get(f"/public/{city.pk}/", REMOTE_ADDR="203.0.113.7").status_code == 200
    refused = client.get("/public/data/rankings.csv", REMOTE_ADDR="203.0.113.7")
    assert refused.status_code == 429 and 1 <= int(refused["Retry-After"]) <= 60
    assert "Quá nhiều yêu cầu" in refused.content.decode()
    assert client.get("/public/", REMOTE_ADDR="203.0.113.8").status_code == 200  # another visitor


def test_behind_a_proxy_the_client_address_counts(client, settings):
    settings.PUBLIC_RATE_PER_MINUTE, settings.TRUSTED_PROXY_COUNT = 1, 1
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    assert client.get("/public/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 200
    assert client.get("/public/", HTTP_X_FORWARDED_FOR="198.51.100.2", **proxy).status_code == 200
    assert client.get("/public/", HTTP_X_FORWARDED_FOR="198.51.100.1", **proxy).status_code == 429


def test_the_open_data_page_gives_the_licence_in_the_readers_language(client, settings):
    assert "Creative Commons Ghi công 4.0" in client.get("/public/data/").content.decode()
    client.cookies["django_language"] = "en"
    english = client.get("/public/data/").content.decode()
    assert "Creative Commons Attribution 4.0" in english and "Ghi công" not in english
    settings.PUBLIC_DATA_LICENCE = "Giấy phép riêng của tỉnh"  # a configured licence reads as written
    from public import cache

    cache.bump()
    assert "Giấy phép riêng của tỉnh" in client.get("/public/data/").content.decode()
