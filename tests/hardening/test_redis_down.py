"""Redis down: pages, users' access and sessions go through the cache, and an
outage must not turn them into 500s. Every read misses, every write is dropped,
after a bounded wait; the portal computes what it would have read and signs
people in from the database."""

import time

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from digital_metrics.reports import services
from oversight_portal.settings import redis_cache
from tests.personas import REV, SC, SUP, person
from wards.choices import Level
from wards.models import AdministrativeUnit

pytestmark = pytest.mark.django_db
NOBODY_LISTENS = "redis://127.0.0.1:1/0"  # connection refused at once


@pytest.fixture
def redis_down():
    with override_settings(CACHES={"default": redis_cache(NOBODY_LISTENS)}):
        assert cache.get("anything", "missed") == "missed"  # the outage is real: every read misses
        yield


def test_signing_in_and_reading_work_without_redis(redis_down):
    client = Client()
    started = time.perf_counter()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post("/accounts/login/", {"username": "giamsat", "password": "demo"})
    assert response.status_code == 302, "the session is saved in the database"
    for url in ("/", "/profile/01855/?on=2024-04-24", "/par/06/2023/", "/supervision/"):
        assert client.get(url).status_code == 200, url
    assert time.perf_counter() - started < 30


def test_writes_and_their_events_work_without_redis(redis_down, as_persona, django_capture_on_commit_callbacks):
    unit = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="01837", valid_to__isnull=False)
    with django_capture_on_commit_callbacks(execute=True):  # the pages' generations cannot be bumped: logged
        report, _ = services.report_start(unit=unit, year=2024, quarter=3, by=person(SC))
        services.report_save_values(
            report=report, raw={"campaigns_mobile": "2"}, version=1, by=person(SC), confirm_warnings=True
        )
        report.refresh_from_db()
        report = services.report_submit(report=report, version=report.version, by=person(SC))
        services.report_approve(report=report, version=report.version, by=person(REV))
    page = as_persona(SUP).get("/profile/01837/?year=2024").content.decode()
    assert "Quý III/2024" in page  # computed from the database, nothing stale served
