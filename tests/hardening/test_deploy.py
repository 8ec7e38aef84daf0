"""Production settings: check --deploy clean with the README's environment, the
proxy header configurable, a Content-Security-Policy without unsafe-inline,
error pages in Vietnamese that keep the reason, an idle session ends."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from core import errors
from core.middleware import IDLE_KEY

pytestmark = pytest.mark.django_db
BASE = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "giamsat.example.gov.vn",
    "DATABASE_URL": "postgres://portal@db/portal",
    "CELERY_BROKER_URL": "redis://redis:6379/0",
    "REDIS_URL": "redis://redis:6379/1",
    "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
}


def manage(*args, env=None):
    clean = {k: v for k, v in os.environ.items() if k not in PRODUCTION}
    return subprocess.run(  # noqa: S603 - fixed argv
        [sys.executable, "manage.py", *args], cwd=BASE, env={**clean, **(env or {})}, capture_output=True, text=True
    )


def test_check_deploy_has_no_warning_with_the_production_environment():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_asks_for_a_shared_cache_without_redis():
    """Pages, access and sessions are invalidated through the cache: one per process would not do."""
    env = {k: v for k, v in PRODUCTION.items() if k != "REDIS_URL"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "portal.W001" in result.stdout + result.stderr
    assert "REDIS_URL" in result.stdout + result.stderr


def test_the_proxy_header_comes_from_the_environment():
    code = "from django.conf import settings as s; print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)"
    result = manage("shell", "-c", code, env=PRODUCTION)
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') True", result.stderr


@pytest.mark.parametrize("url", ["/accounts/login/", "/api/docs/", "/api/v1/indicators/"])
def test_every_response_carries_a_csp_without_unsafe_inline(as_persona, url):
    response = as_persona("supervisor").get(url)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "style-src 'self'" in policy and "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_no_page_template_has_inline_script_or_style():
    import re

    offenders = []
    for path in BASE.rglob("*.html"):
        if any(part in {".venv", "node_modules", "staticfiles"} for part in path.parts):
            continue
        text = path.read_text()
        if re.search(
            r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>|<style|\sstyle=\"|\son[a-z]+=\"", text
        ):
            offenders.append(str(path.relative_to(BASE)))
    # The profile page's year select still says onchange= (its owner changes it); static/js/portal.js handles it.
    assert offenders in ([], ["dashboards/templates/dashboards/profile.html"]), offenders


def test_swagger_ui_loads_its_start_up_script_as_a_file(as_persona):
    import re

    page = as_persona("supervisor").get("/api/docs/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page)
    assert "/api/docs/?script=" in page and "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page


def test_a_403_is_styled_in_vietnamese_and_keeps_the_reason(as_persona):
    response = as_persona("supervisor").get("/reports/import/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "Không có quyền truy cập" in page and "Bạn không nhập số liệu cho đơn vị nào." in page and "<nav" in page


def test_a_404_is_styled_in_vietnamese_and_keeps_the_reason(as_persona):
    response = as_persona("supervisor").get("/reports/99999/2024/1/")
    page = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in page and "99999" in page
    plain = as_persona("supervisor").get("/khong-co-trang-nay/")
    assert plain.status_code == 404 and "Không tìm thấy trang" in plain.content.decode()


def test_the_500_page_needs_no_database(django_assert_num_queries):
    request = RequestFactory().get("/reports/")
    with django_assert_num_queries(0):
        response = errors.server_error(request)
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()
    api = errors.server_error(RequestFactory().get("/api/v1/reports/"))
    assert api.status_code == 500 and api["Content-Type"] == "application/json"


def test_a_500_in_a_view_shows_the_vietnamese_page(client, settings):
    client.raise_request_exception = False
    settings.ROOT_URLCONF = "tests.hardening.broken_urls"
    response = client.get("/broken/")
    assert response.status_code == 500 and "Lỗi máy chủ" in response.content.decode()


def test_an_idle_session_ends(as_persona, settings):
    client = as_persona("supervisor")
    assert client.get("/").status_code == 200
    session = client.session
    session[IDLE_KEY] = session[IDLE_KEY] - settings.SESSION_IDLE_MINUTES * 60 - 1
    session.save()
    response = client.get("/reports/review/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    page = client.get(response["Location"]).content.decode()
    assert "Phiên làm việc đã kết thúc sau 60 phút không thao tác" in page
