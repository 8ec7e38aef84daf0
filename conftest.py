"""Shared fixtures: the demo loaded once per test session, the personas every
URL is tried by (named in tests/personas.py), the query budget."""

import os
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

IN_CI = os.environ.get("CI") == "true"


SERVICE_MARKERS = ("worker", "postgresql")


def pytest_collection_modifyitems(config, items):
    """Tests marked `worker` need a real worker, Redis and PostgreSQL; tests
    marked `postgresql` need PostgreSQL itself (row locks). The SQLite pass (no
    broker, no PostgreSQL) deselects them explicitly: they run in CI's
    PostgreSQL/Redis pass, and fail there if a service is missing."""
    if os.environ.get("CELERY_BROKER_URL") or os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return

    def needs_services(item):
        return any(item.get_closest_marker(m) for m in SERVICE_MARKERS)

    deselected = [item for item in items if needs_services(item)]
    if deselected:
        config.hook.pytest_deselected(items=deselected)
        items[:] = [item for item in items if not needs_services(item)]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the real units and the demo once; each test runs in a transaction
    that is rolled back, so it sees exactly the demo."""
    from demo.services import load_demo
    from tests.personas import make_test_personas

    with django_db_blocker.unblock():
        load_demo()
        make_test_personas()


@pytest.fixture
def demo_tx(transactional_db):
    """For transactional tests (which flush the database afterwards): load the demo again."""
    from demo.services import load_demo
    from tests.personas import make_test_personas

    load_demo()
    make_test_personas()


def set_eager(value: bool) -> bool:
    """Switch Celery's eager mode at run time; returns the previous value. Both
    spellings: the Django-namespaced key loaded from settings wins on reads."""
    from oversight_portal.celery import app

    before = app.conf.task_always_eager
    app.conf["CELERY_TASK_ALWAYS_EAGER"] = value
    app.conf["task_always_eager"] = value
    assert app.conf.task_always_eager is value
    return before


@pytest.fixture
def eager():
    """Run Celery tasks in-process even on the pass where a broker is configured."""
    before = set_eager(True)
    yield
    set_eager(before)


def login(username: str | None) -> Client:
    client = Client()
    if username:
        client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.fixture(autouse=True)
def _cache_fresh(settings):
    """The cache outlives a test's rolled-back transaction (and ids are reused after it): start
    each test with an empty cache — no cached page, access or session of another test — and
    without the public pages' per-address limit (every test client and the live server share
    127.0.0.1); tests/public/test_rate_limit.py sets a limit of its own."""
    from django.core.cache import cache

    settings.PUBLIC_RATE_PER_MINUTE = 0
    cache.clear()


@pytest.fixture
def as_persona(db):
    """as_persona("clerk_xuathoa") → a Client signed in as that persona."""
    from tests.personas import USERNAMES

    return lambda persona: login(USERNAMES[persona])


@pytest.fixture
def user(db):
    """user("canbo_xuathoa") or user("clerk_xuathoa") → that account."""
    from tests.personas import person

    return person


@pytest.fixture
def queries():
    """The query budget: queries.get(client, url), queries.same(a, b), queries.at_most(n, captured),
    queries.budget(n); a failure prints the SQL (tests/queries.py)."""
    from tests.queries import QueryBudget

    return QueryBudget()


@pytest.fixture(scope="session")
def chromium_path():
    """Debian's Chromium. In CI a missing browser fails the test instead of skipping it."""
    path = shutil.which("chromium") or ("/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None)
    if path is None:
        if IN_CI:
            pytest.fail("Chromium is missing: `make test` installs Debian's chromium package.")
        pytest.skip("Chromium is not installed (make test installs it).")
    return path
