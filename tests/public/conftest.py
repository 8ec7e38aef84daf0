import pytest
from django.test import Client

from demo.supervision import RESUPERVISION_TITLE, THEMATIC_TITLE
from supervision.models import Supervision
from wards.models import SupervisingBody


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def city(db) -> SupervisingBody:
    return SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn")


@pytest.fixture
def resup(db) -> Supervision:
    return Supervision.objects.get(title=RESUPERVISION_TITLE)


@pytest.fixture
def thematic(db) -> Supervision:
    return Supervision.objects.get(title=THEMATIC_TITLE)


def public_urls(body_pk: int) -> list[str]:
    """Every public page, file and API answer that shows published content."""
    return [
        "/public/",
        f"/public/{body_pk}/",
        f"/public/{body_pk}/01855/",
        f"/public/{body_pk}/01837/",
        f"/public/{body_pk}/01843/",
        "/public/data/",
        *[f"/public/data/{d}.{f}" for d in ("rankings", "figures", "recommendations") for f in ("csv", "json")],
        *[f"/api/v1/public/{d}/" for d in ("rankings", "figures", "recommendations")],
    ]


def everything_public(client: Client, body_pk: int) -> str:
    """The text of every public URL, as ``client`` gets it (each must answer 200)."""
    out = []
    for url in public_urls(body_pk):
        response = client.get(url)
        assert response.status_code == 200, url
        text = b"".join(response.streaming_content if response.streaming else [response.content]).decode()
        if "<main" in text:  # a page: its content (the navigation names the signed-in user to themselves)
            text = text.split("<main", 1)[1].split("</main>", 1)[0]
        out.append(text)
    return "\n".join(out)
