"""At 390 px a wide table scrolls inside its own box (.table-responsive) or stacks
(.stack-sm); it never widens the page, which would cut the menu and the text off."""

from html.parser import HTMLParser

import pytest

from tests.personas import ADM, APR, REV, SUP, XH

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Tables(HTMLParser):
    """Each <table> of a page that neither stacks nor sits in a scrolling box."""

    def __init__(self):
        super().__init__()
        self.stack: list[set[str]] = []
        self.loose: list[str] = []

    def handle_starttag(self, tag, attrs):
        classes = set((dict(attrs).get("class") or "").split())
        narrow = "w-auto" in classes  # a two-column table as wide as its content (the profile's ranks)
        if (
            tag == "table"
            and not narrow
            and "stack-sm" not in classes
            and not any("table-responsive" in c for c in self.stack)
        ):
            self.loose.append(" ".join(sorted(classes)))
        if tag not in VOID:
            self.stack.append(classes)

    def handle_endtag(self, tag):
        if tag not in VOID and self.stack:
            self.stack.pop()


def loose_tables(html: str) -> list[str]:
    parser = _Tables()
    parser.feed(html)
    return parser.loose


PAGES = [
    (XH, "/"),
    (XH, "/par/"),
    (XH, "/procedures/"),
    (XH, "/catalogue/indicators/"),
    (XH, "/profile/01855/"),
    (SUP, "/"),
    (SUP, "/par/06/2023/"),
    (SUP, "/catalogue/indicators/"),
    (SUP, "/supervision/"),
    (SUP, "/supervision/recommendations/"),
    (REV, "/reports/review/"),
    (APR, "/par/"),
    (ADM, "/par/runs/"),
]


def test_the_catalogue_names_a_rule_in_words_for_every_reader(as_persona):
    """The supervision team reads the validation rules as words; the codes are an addition, not the rule."""
    for persona in (XH, SUP):
        page = as_persona(persona).get("/catalogue/indicators/").content.decode()
        assert "Hồ sơ trực tuyến toàn trình + Hồ sơ trực tuyến một phần" in page, persona
    assert (
        "dossiers_online_full + dossiers_online_partial"
        in as_persona(SUP).get("/catalogue/indicators/").content.decode()
    )
    assert "dossiers_online_full" not in as_persona(XH).get("/catalogue/indicators/").content.decode()


@pytest.mark.parametrize("persona,url", PAGES)
def test_no_table_widens_the_page_on_a_phone(as_persona, persona, url):
    response = as_persona(persona).get(url)
    assert response.status_code == 200
    assert loose_tables(response.content.decode()) == [], f"{persona} {url}"
