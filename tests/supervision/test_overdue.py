"""A recommendation is overdue from the first day after its deadline, in
Việt Nam's time (UTC+7): at 23:59 ICT on the deadline it is not, at 00:00 ICT
the next day it is, although both moments are the same UTC date."""

import datetime
from unittest import mock

import pytest
from django.utils import timezone

from supervision.models import Recommendation
from supervision.selectors import recommendation_list

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
BEFORE_MIDNIGHT_ICT = datetime.datetime(2024, 12, 31, 16, 59, tzinfo=UTC)  # 23:59 ICT, 31/12/2024
MIDNIGHT_ICT = datetime.datetime(2024, 12, 31, 17, 0, tzinfo=UTC)  # 00:00 ICT, 01/01/2025


def at(moment):
    return mock.patch.object(timezone, "now", return_value=moment)


def test_overdue_flips_at_midnight_in_vietnam(open_rec):
    assert open_rec.deadline == datetime.date(2024, 12, 31)
    with at(BEFORE_MIDNIGHT_ICT):
        assert timezone.localdate() == datetime.date(2024, 12, 31)
        assert not open_rec.is_overdue()
        assert not Recommendation.objects.overdue(timezone.localdate()).filter(pk=open_rec.pk).exists()
    with at(MIDNIGHT_ICT):
        assert timezone.localdate() == datetime.date(2025, 1, 1)
        assert open_rec.is_overdue()
        assert Recommendation.objects.overdue(timezone.localdate()).filter(pk=open_rec.pk).exists()


def test_a_closed_recommendation_is_never_overdue(demo_objects):
    done = demo_objects["earlier"][0]
    assert done.status == "done" and done.deadline < datetime.date.today()
    assert not done.is_overdue()


def test_lists_and_api_follow_the_same_clock(as_persona, open_rec, django_user_model):
    user = django_user_model.objects.get(username="giamsat")
    with at(BEFORE_MIDNIGHT_ICT):
        assert open_rec not in recommendation_list(user=user, overdue=True)
        api = as_persona("supervisor").get("/api/v1/recommendations/?unit=01855&overdue=true").json()
        assert api["count"] == 0
        page = as_persona("supervisor").get("/supervision/recommendations/?overdue=1").content.decode()
        assert "0 kiến nghị" in page
    with at(MIDNIGHT_ICT):
        overdue = recommendation_list(user=user, overdue=True)
        assert {r.number for r in overdue} == {2, 3}  # conclusions 2 (in progress) and 3 (not started)
        api = as_persona("supervisor").get("/api/v1/recommendations/?unit=01855&overdue=true").json()
        assert [r["overdue"] for r in api["results"]] == [True, True]
        not_overdue = as_persona("supervisor").get("/api/v1/recommendations/?unit=01855&overdue=false").json()
        assert not_overdue["count"] == 6 and not any(r["overdue"] for r in not_overdue["results"])
        page = as_persona("supervisor").get("/supervision/recommendations/?overdue=1").content.decode()
        assert "2 kiến nghị" in page and page.count('data-overdue="1"') == 2


def test_the_list_filters_by_unit_and_status(as_persona):
    client = as_persona("supervisor")
    page = client.get("/supervision/recommendations/?unit=01855&status=not_started").content.decode()
    assert "1 kiến nghị;" in page and "Bám sát hệ thống văn bản" in page
    assert "Không có kiến nghị nào phù hợp." in client.get("/supervision/recommendations/?unit=01837").content.decode()
    songcau = as_persona("clerk_songcau").get("/supervision/recommendations/").content.decode()
    assert "Không có kiến nghị nào phù hợp." in songcau
