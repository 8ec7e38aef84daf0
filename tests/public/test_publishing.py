"""Publishing is the council's: its supervision team or its admins, for the body's own
content; a refused attempt changes nothing. What is published shows at once on every
public page and file, and goes away at once when withdrawn (the cache follows)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents.services import paper_generate, paper_issue
from public.choices import PublicationKind
from public.models import Publication
from public.services import publication_publish, publication_withdraw
from tests.personas import ADM, ANON, OTHER_ADM, PERSONAS, SUP, person

pytestmark = pytest.mark.django_db

MAY_PUBLISH = (SUP, ADM)


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_publishes(as_persona, city, thematic, persona, django_capture_on_commit_callbacks):
    before = Publication.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona(persona).post(
            "/public/manage/publish/", {"body": city.pk, "kind": "supervision", "target": thematic.pk}
        )
    published = Publication.objects.active().filter(supervision=thematic).exists()
    if persona in MAY_PUBLISH:
        assert response.status_code == 302 and response["Location"] == "/public/manage/"
        assert published
        assert Publication.objects.get(supervision=thematic).published_by == person(persona)
    else:
        expected = 302 if persona == ANON else 403
        assert response.status_code == expected, persona
        if persona == ANON:
            assert response["Location"].startswith("/accounts/login/")
        assert not published and Publication.objects.count() == before


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_withdraws(as_persona, resup, persona, django_capture_on_commit_callbacks):
    publication = Publication.objects.active().get(supervision=resup)
    with django_capture_on_commit_callbacks(execute=True):
        response = as_persona(persona).post(f"/public/manage/{publication.pk}/withdraw/")
    publication.refresh_from_db()
    if persona in MAY_PUBLISH:
        assert response.status_code == 302 and publication.withdrawn_at is not None
        assert publication.withdrawn_by == person(persona)
    else:
        assert response.status_code in (302, 404) and publication.withdrawn_at is None, persona


def test_the_admin_of_another_council_cannot_publish_this_ones(city, thematic):
    with pytest.raises(Exception) as refused:
        publication_publish(body=city, kind=PublicationKind.SUPERVISION, supervision=thematic, by=person(OTHER_ADM))
    assert "Đoàn giám sát hoặc quản trị" in str(refused.value)


def test_only_an_issued_document_of_a_published_supervision(city, resup, thematic):
    team = person(SUP)
    draft = paper_generate(supervision=resup, kind="conclusion", by=team)
    with pytest.raises(ValidationError) as refused:
        publication_publish(body=city, kind=PublicationKind.PAPER, paper=draft, by=team)
    assert refused.value.message_dict["paper"] == ["Chỉ công bố văn bản đã ban hành, không công bố dự thảo."]
    issued = paper_issue(
        paper=paper_generate(supervision=thematic, kind="report", by=team),
        by=team,
        number="7/BC-ĐGS",
        day=datetime.date(2022, 10, 1),
    )
    with pytest.raises(ValidationError) as refused:
        publication_publish(body=city, kind=PublicationKind.PAPER, paper=issued, by=team)
    assert "công bố cuộc giám sát trước" in refused.value.message_dict["paper"][0]
    assert not Publication.objects.filter(kind=PublicationKind.PAPER).exists()


def test_a_published_document_is_served_and_goes_with_its_supervision(
    client, city, resup, django_capture_on_commit_callbacks
):
    team = person(SUP)
    issued = paper_issue(
        paper=paper_generate(supervision=resup, kind="report", by=team),
        by=team,
        number="12/BC-ĐGS",
        day=datetime.date(2024, 4, 25),
    )
    url = f"/public/documents/{issued.pk}.pdf"
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(body=city, kind=PublicationKind.PAPER, paper=issued, by=team)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert "12/BC-ĐGS" in client.get(f"/public/{city.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(publication=Publication.objects.active().get(supervision=resup), by=team)
    assert client.get(url).status_code == 404
    page = client.get(f"/public/{city.pk}/").content.decode()
    assert "12/BC-ĐGS" not in page and resup.title not in page


def test_publishing_and_withdrawing_show_at_once(client, city, thematic, django_capture_on_commit_callbacks):
    """The page is cached; a publication makes it stale after commit (break public.cache.bump_on_commit: this fails)."""
    url = f"/public/{city.pk}/"
    assert thematic.title not in client.get(url).content.decode()
    assert thematic.title not in client.get("/public/data/recommendations.csv").content.decode()
    team = person(SUP)
    with django_capture_on_commit_callbacks(execute=True):
        publication = publication_publish(body=city, kind=PublicationKind.SUPERVISION, supervision=thematic, by=team)
    assert thematic.title in client.get(url).content.decode()
    assert thematic.title in client.get("/public/data/recommendations.csv").content.decode()
    assert thematic.title in client.get("/api/v1/public/recommendations/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        publication_withdraw(publication=publication, by=team)
    assert thematic.title not in client.get(url).content.decode()
    assert thematic.title not in client.get("/api/v1/public/recommendations/").content.decode()


def test_a_lost_version_key_never_brings_back_an_older_page(client, city, thematic, django_capture_on_commit_callbacks):
    """The version key can be evicted (a full local-memory cache culls a third of its keys)
    while pages cached under earlier versions remain: the version must not restart at 1."""
    from django.core.cache import cache

    from public.cache import VERSION_KEY

    cache.delete(VERSION_KEY)
    url = f"/public/{city.pk}/"
    assert thematic.title not in client.get(url).content.decode()  # cached under the first version
    with django_capture_on_commit_callbacks(execute=True):
        publication_publish(body=city, kind=PublicationKind.SUPERVISION, supervision=thematic, by=person(SUP))
    cache.delete(VERSION_KEY)  # evicted
    assert thematic.title in client.get(url).content.decode()


def test_the_manage_page_lists_what_the_body_may_publish(as_persona, city, resup, thematic):
    page = as_persona(SUP).get("/public/manage/").content.decode()
    assert city.name in page and thematic.title in page and resup.title in page
    assert "Số liệu đã duyệt năm 2024" in page and "Xếp hạng chỉ số CCHC năm 2023" in page


def test_a_bad_request_says_why_and_publishes_nothing(as_persona, city):
    before = Publication.objects.count()
    client = as_persona(SUP)
    response = client.post("/public/manage/publish/", {"body": city.pk, "kind": "members", "target": 1}, follow=True)
    assert "Nội dung công bố: Hãy chọn một lựa chọn hợp lệ." in response.content.decode()
    response = client.post("/public/manage/publish/", {"body": city.pk, "kind": "figures", "target": 1999}, follow=True)
    assert "“Năm số liệu” phải từ 2000 đến 2100." in response.content.decode()
    response = client.post(
        "/public/manage/publish/", {"body": city.pk, "kind": "supervision", "target": 999999}, follow=True
    )
    assert "Không tìm thấy nội dung cần công bố." in response.content.decode()
    assert Publication.objects.count() == before
