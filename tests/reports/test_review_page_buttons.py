"""The review page offers a reviewer only what a reviewer may do: it accepts figures, it does not write them."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_reviewer_is_not_offered_the_excel_upload_it_may_not_use(as_persona):
    client = as_persona("reviewer")
    page = client.get("/reports/review/").content.decode()
    assert 'href="/reports/import/"' not in page
    assert client.get("/reports/import/").status_code == 403  # the button would have led here
    assert 'href="/reports/periods/"' in page  # locking quarters is the reviewer's


def test_the_clerk_still_finds_the_upload_on_the_home_page(as_persona):
    assert 'href="/reports/import/"' in as_persona("clerk_xuathoa").get("/").content.decode()


def test_the_reviewers_home_says_what_waits_for_review(as_persona):
    client = as_persona("reviewer")
    page = client.get("/").content.decode()
    assert 'data-testid="awaiting-review"' in page
    assert "1 báo cáo đang chờ bạn duyệt." in page and 'href="/reports/review/"' in page
    client.cookies["django_language"] = "en"
    assert "1 report awaits your review." in client.get("/").content.decode()
    # The supervision team does not accept figures: no such line on its overview.
    assert 'data-testid="awaiting-review"' not in as_persona("supervisor").get("/").content.decode()
