"""The profile and the ranking served from the cache (core.freshness), and the
events that make them change at once: an approval, a stale mark, a lock. What a
page shows according to its reader never passes to another reader; a reader who
may see a ward's drafts gets them computed. A user's access, cached too, changes
as soon as a membership does."""

import datetime
import re

import pytest

from digital_metrics.reports import services
from par_index.models import Framework
from par_index.recompute import mark_stale
from tests.personas import ADM, APR, REV, SC, SUP, XH, person
from wards.access import access_for
from wards.choices import Level, SuccessionKind
from wards.models import AdministrativeUnit, Membership, UnitSuccession

pytestmark = pytest.mark.django_db
SONG_CAU = "/profile/01837/?year=2024"
RANKING = "/par/06/2023/"


def old_commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=Level.COMMUNE, code=code, valid_to__isnull=False)


def column_labels(html: str) -> list[str]:
    head = html.split('class="table table-sm bg-white figure-table align-middle profile-table"')[1].split("</thead>")[0]
    return [th.split(">", 1)[1].split("<")[0].strip() for th in head.split("<th")[2:-1]]


def submit_q3(code: str, clerk):
    report, _ = services.report_start(unit=old_commune(code), year=2024, quarter=3, by=clerk)
    services.report_save_values(
        report=report, raw={"campaigns_mobile": "7"}, version=1, by=clerk, confirm_warnings=True
    )
    report.refresh_from_db()
    return services.report_submit(report=report, version=report.version, by=clerk)


# --- The profile. ----------------------------------------------------------------


def test_a_cached_profile_costs_one_query(as_persona, queries):
    client = as_persona(SUP)
    first = client.get(SONG_CAU).content
    page = queries.of(client.get, SONG_CAU, label="GET the profile, cached")
    queries.at_most(1, page)  # the user: no unit looked up, no figure read, nothing rendered
    assert b'data-indicator="dossiers_received"' in first


def test_an_approval_shows_on_the_cached_profile(as_persona, django_capture_on_commit_callbacks):
    supervisor = as_persona(SUP)
    assert "Quý III/2024" not in column_labels(supervisor.get(SONG_CAU).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_q3("01837", person(SC))
    assert "Quý III/2024" not in column_labels(supervisor.get(SONG_CAU).content.decode())  # submitted, not accepted
    with django_capture_on_commit_callbacks(execute=True):
        services.report_approve(report=report, version=report.version, by=person(REV))
    assert "Quý III/2024" in column_labels(supervisor.get(SONG_CAU).content.decode())


def test_an_approval_in_a_merged_wards_old_province_shows_on_the_new_wards_profile(
    as_persona, django_capture_on_commit_callbacks
):
    """A ward formed in 2025 lies in the new province; the wards merged into it in the old one,
    whose approvals bump the old province's generation: the profile is keyed by both."""
    link = UnitSuccession.objects.select_related("successor").get(
        predecessor=old_commune("01837"), kind=SuccessionKind.FULL
    )
    url = f"/profile/{link.successor.code}/?year=2024"
    supervisor = as_persona(SUP)
    assert "Quý III/2024" not in column_labels(supervisor.get(url).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        report = submit_q3("01837", person(SC))
        services.report_approve(report=report, version=report.version, by=person(REV))
    assert "Quý III/2024" in column_labels(supervisor.get(url).content.decode())


def test_a_clerk_sees_its_draft_at_once_and_the_supervisor_never(as_persona, django_capture_on_commit_callbacks):
    clerk, supervisor = as_persona(SC), as_persona(SUP)
    supervisor.get(SONG_CAU)  # cached for the supervision team
    assert "Quý III/2024" not in column_labels(clerk.get(SONG_CAU).content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        report, _ = services.report_start(unit=old_commune("01837"), year=2024, quarter=3, by=person(SC))
    assert "Quý III/2024" in column_labels(clerk.get(SONG_CAU).content.decode())
    # A draft's saves bump nothing: the clerk's page is computed for each request.
    services.report_save_values(
        report=report, raw={"campaigns_mobile": "41"}, version=report.version, by=person(SC), confirm_warnings=True
    )
    row = clerk.get(SONG_CAU).content.decode().split('data-indicator="campaigns_mobile"')[1].split("</tr>")[0]
    assert ">41<" in row
    supervisor_page = supervisor.get(SONG_CAU).content.decode()
    assert 'data-pending="draft"' not in supervisor_page and "Quý III/2024" not in column_labels(supervisor_page)


def test_a_lock_shows_on_the_cached_profile(as_persona, django_capture_on_commit_callbacks):
    supervisor = as_persona(SUP)
    before = supervisor.get(SONG_CAU).content.decode().count("bi-lock-fill")
    body = Membership.objects.get(user=person(REV), role="reviewer").body
    with django_capture_on_commit_callbacks(execute=True):
        services.period_lock(body=body, year=2024, quarter=1, by=person(REV), today=datetime.date(2025, 1, 1))
    assert supervisor.get(SONG_CAU).content.decode().count("bi-lock-fill") > before


# --- The ranking. ----------------------------------------------------------------


def test_a_cached_ranking_costs_two_queries(as_persona, queries):
    client = as_persona(SUP)
    client.get(RANKING)
    queries.at_most(2, queries.of(client.get, RANKING, label="GET the ranking, cached"))  # the user, the framework


def test_a_stale_mark_shows_on_the_cached_ranking_at_once(as_persona, django_capture_on_commit_callbacks):
    supervisor = as_persona(SUP)
    assert "data-stale" not in supervisor.get(RANKING).content.decode()
    with django_capture_on_commit_callbacks(execute=False):  # no worker: the mark stays
        mark_stale(framework=Framework.objects.get(province__code="06", year=2023), reason="test")
    assert "data-stale" in supervisor.get(RANKING).content.decode()


def test_what_depends_on_the_reader_stays_with_the_reader(as_persona):
    """The clerk's own ward is highlighted on the clerk's page, and only there; the
    appraiser's publish form carries a token of the appraiser's own session."""
    own_row = re.compile(r'<tr data-unit="01855"[^>]*class="table-primary"')
    assert own_row.search(as_persona(XH).get(RANKING).content.decode())
    assert not own_row.search(as_persona(SUP).get(RANKING).content.decode())
    assert not own_row.search(as_persona(SC).get(RANKING).content.decode())
    publish_form = 'action="/par/06/2023/publish/"'
    appraiser, supervisor = as_persona(APR), as_persona(SUP)
    for _ in range(2):  # computed, then from the cache: the form is rendered for each request
        page = appraiser.get(RANKING).content.decode()
        assert publish_form in page and 'name="csrfmiddlewaretoken"' in page.split(publish_form)[1]
    assert publish_form not in supervisor.get(RANKING).content.decode()


# --- The access. -----------------------------------------------------------------


def test_the_access_is_read_from_the_cache(queries):
    access_for(person(SUP))  # computed once
    again = person(SUP)  # the user object of a later request
    with queries.budget(0, "the access of a later request"):
        assert access_for(again).is_supervisor


def test_a_removed_membership_takes_effect_at_once(as_persona, django_capture_on_commit_callbacks):
    client = as_persona(SUP)
    assert 'data-testid="overview-filters"' in client.get("/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        Membership.objects.filter(user=person(SUP), role="supervisor").delete()
    assert not access_for(person(SUP)).is_supervisor
    assert 'data-testid="overview-filters"' not in client.get("/").content.decode()
    assert client.get(RANKING).status_code == 200  # every signed-in user reads the published results


def test_a_page_is_cached_per_value_read_not_per_string_typed(as_persona, queries):
    """The key holds what the page reads of its query string, parsed: the same day typed two
    ways is one cached page, an unknown parameter adds none, and the page never echoes what
    another reader typed."""
    client = as_persona(SUP)
    client.get(RANKING + "?on=24/04/2024&body=1")
    for url in (RANKING + "?on=2024-04-24&body=1", RANKING + "?body=1&on=24/04/2024&utm=<x>"):
        page = queries.of(client.get, url, label=f"GET {url}")
        queries.at_most(2, page)  # the user, the framework: from the cache
    html = client.get(RANKING + "?on=24/04/2024&utm=<x>&body=1").content.decode()
    assert '<input type="hidden" name="on" value="2024-04-24">' in html
    assert html.count("utm") == html.count('name="next"')  # only where the language menu returns to this page
    profile = as_persona(SUP).get("/profile/01855/?on=24/04/2024&year=2023x").content.decode()
    assert '<input type="hidden" name="on" value="2024-04-24">' in profile
    assert profile.count("2023x") == profile.count('name="next"')


class Shape:
    """A cached shape whose class the next release of the code moves away."""

    def __init__(self, n):
        self.n = n


def test_a_page_cached_by_an_earlier_release_is_computed_again(monkeypatch):
    """The shared cache outlives a deploy: a cached value whose class has moved
    cannot be unpickled, and is then a miss, never a 500."""
    from core import freshness

    first = freshness.cached("shape", provinces=[None], parts=["x"], compute=lambda: Shape(1))
    assert first.n == 1
    monkeypatch.delattr(__import__(__name__, fromlist=["Shape"]), "Shape")
    again = freshness.cached("shape", provinces=[None], parts=["x"], compute=lambda: "computed again")
    assert again == "computed again"


def test_a_change_made_in_djangos_admin_shows_on_the_cached_pages_at_once(
    as_persona, django_capture_on_commit_callbacks
):
    """The admin logs every change it makes; each log entry bumps the global generation,
    so a name corrected there is on the cached ranking's "ghi nhận bởi …" at once."""
    from django.urls import reverse

    from par_index.models import OfficialRanking

    publisher = OfficialRanking.objects.filter(framework__year=2023).first().published_by
    supervisor = as_persona(SUP)
    before = supervisor.get(RANKING).content.decode()
    assert publisher.get_full_name() in before
    data = {
        "username": publisher.username,
        "first_name": "Nguyễn Văn",
        "last_name": "Đã Sửa Tên",
        "email": publisher.email,
        "is_active": "on",
        "date_joined_0": publisher.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": publisher.date_joined.strftime("%H:%M:%S"),
        "initial-date_joined_0": publisher.date_joined.strftime("%Y-%m-%d"),
        "initial-date_joined_1": publisher.date_joined.strftime("%H:%M:%S"),
    }
    with django_capture_on_commit_callbacks(execute=True):
        answer = as_persona(ADM).post(reverse("admin:auth_user_change", args=[publisher.pk]), data)
    assert answer.status_code == 302, answer.content.decode()[:2000]
    assert "Đã Sửa Tên" in supervisor.get(RANKING).content.decode()
