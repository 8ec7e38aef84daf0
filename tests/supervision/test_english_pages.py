"""A recommendation's page read in English: the form's own words are English too."""

import pytest

pytestmark = pytest.mark.django_db


def test_the_progress_form_help_is_in_the_readers_language(as_persona, open_rec):
    client = as_persona("clerk_xuathoa")
    url = f"/supervision/recommendations/{open_rec.pk}/"
    client.cookies["django_language"] = "en"
    page = client.get(url).content.decode()
    assert "At most 10 files; PDF, DOCX, XLSX, JPEG, PNG." in page
    assert "Tối đa 10 tệp" not in page
    client.cookies["django_language"] = "vi"
    assert "Tối đa 10 tệp; PDF, DOCX, XLSX, JPEG, PNG." in client.get(url).content.decode()


def test_the_recommendation_filters_say_all_not_dashes(as_persona):
    client = as_persona("clerk_xuathoa")
    page = client.get("/supervision/recommendations/").content.decode()
    assert "---------" not in page
    assert '<option value="" selected>Tất cả</option>' in page
    client.cookies["django_language"] = "en"
    page = client.get("/supervision/recommendations/").content.decode()
    assert "---------" not in page and '<option value="" selected>All</option>' in page
