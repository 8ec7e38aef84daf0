"""The export page as it opens: pressing "Xuất" without changing anything downloads the data."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db


class _Selected(HTMLParser):
    """What the browser would post: each select's selected option, else its first; the hidden inputs."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and "card" in (a.get("class") or ""):
            self.data = {}
        if tag == "select":
            self._select = a["name"]
        elif tag == "option" and self._select:
            if self._select not in self.data or "selected" in a:
                self.data[self._select] = a.get("value", "")
        elif tag == "input" and a.get("type") == "hidden":
            self.data[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def test_the_form_as_it_opens_exports_the_latest_ranking(as_persona):
    client = as_persona("supervisor")
    parser = _Selected()
    parser.feed(client.get("/exports/").content.decode())
    assert parser.data["dataset"] == "rankings" and parser.data["year"] == "2023", parser.data
    response = client.post("/exports/", parser.data)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;"), response.content.decode()[:300]
