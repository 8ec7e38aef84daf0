"""A crowd on the public pages: a cold page costs a fixed number of queries whatever
the data (more supervisions, recommendations, years, units); a warm one none."""

import datetime

import pytest

from public.choices import PublicationKind
from public.services import publication_publish
from supervision.services import recommendation_create
from tests.personas import SUP, person

pytestmark = pytest.mark.django_db


def more_published(city, thematic, resup):
    team = person(SUP)
    publication_publish(body=city, kind=PublicationKind.SUPERVISION, supervision=thematic, by=team)
    for year in (2022, 2024):
        publication_publish(body=city, kind=PublicationKind.FIGURES, year=year, by=team)
    xuat_hoa = resup.units.get()
    for n in range(10, 30):
        recommendation_create(
            supervision=resup,
            by=team,
            number=n,
            text=f"Kiến nghị thêm {n}",
            addressee_unit=xuat_hoa,
            deadline=datetime.date(2025, 6, 30),
        )


@pytest.mark.parametrize(
    "path",
    [
        "/public/",
        "/public/{body}/",
        "/public/{body}/01855/",
        "/public/data/figures.csv",
        "/public/data/recommendations.json",
        "/api/v1/public/rankings/",
    ],
)
def test_fixed_queries_cold_and_none_warm(client, queries, city, thematic, resup, path):
    from public.cache import bump

    url = path.format(body=city.pk)
    bump()
    before = queries.of(client.get, url, label=f"GET {url} (demo)")
    queries.at_most(20, before)
    assert queries.of(client.get, url).count == 0  # warm: from the cache
    more_published(city, thematic, resup)
    bump()
    after = queries.of(client.get, url, label=f"GET {url} (3 more releases and supervisions, 20 more recommendations)")
    queries.same(before, after)
