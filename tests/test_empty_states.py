"""An empty list says what would appear there and where it comes from."""

import pytest

pytestmark = pytest.mark.django_db


def test_no_background_job_yet_says_what_runs_there(as_persona):
    client = as_persona("supervisor")
    page = client.get("/jobs/").content.decode()
    assert "Chưa có tác vụ nào." in page
    assert 'trang <a href="/exports/">Xuất dữ liệu</a>' in page
    client.cookies["django_language"] = "en"
    page = client.get("/jobs/").content.decode()
    assert "Large tasks run in the background" in page and 'href="/exports/">Export data</a>' in page
