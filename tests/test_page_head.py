"""Every page names its icon, a file the portal serves: no 404 for /favicon.ico in every browser console."""

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona,url", [("anonymous", "/public/"), ("clerk_xuathoa", "/"), ("supervisor", "/")])
def test_the_page_names_an_icon_that_exists(as_persona, persona, url):
    client = as_persona(persona)
    page = client.get(url).content.decode()
    href = re.search(r'<link rel="icon" href="/static/([^"]+)"', page)
    assert href, url
    assert finders.find(href.group(1)), href.group(1)
