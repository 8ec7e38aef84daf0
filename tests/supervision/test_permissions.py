"""Every supervision URL and endpoint, tried by every persona (GET), and every
write (POST) by every persona: only the addressee's clerks report progress,
only the supervision team verifies and records."""

import pytest

from supervision.models import ProgressNote, Verification
from supervision.services import progress_note_add, recommendation_verify
from tests.personas import ADM, ANON, PERSONAS, SUP, XH, only

pytestmark = pytest.mark.django_db


WRITES = {
    # what: {persona: status}; 302 after success (the pages redirect), login redirect for anonymous;
    # 403 for who reads the recommendation but may not act, 404 for who may not read it.
    "progress": {**only(XH, allowed_status=302, others=404), SUP: 403, ADM: 403},
    "verify": {**only(SUP, allowed_status=302, others=404), XH: 403, ADM: 403},
}


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_addressee_clerks_write_progress(as_persona, open_rec, persona):
    before = ProgressNote.objects.filter(recommendation=open_rec).count()
    response = as_persona(persona).post(
        f"/supervision/recommendations/{open_rec.pk}/progress/", {"status": "done", "text": "Đã ban hành kế hoạch"}
    )
    expected = WRITES["progress"][persona]
    assert response.status_code == expected
    written = ProgressNote.objects.filter(recommendation=open_rec).count() - before
    assert written == (1 if persona == XH else 0)
    if persona == ANON:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_supervision_team_verifies(as_persona, open_rec, persona):
    response = as_persona(persona).post(
        f"/supervision/recommendations/{open_rec.pk}/verify/", {"status": "done", "note": "Đoàn đã kiểm tra"}
    )
    assert response.status_code == WRITES["verify"][persona]
    assert Verification.objects.filter(recommendation=open_rec).exists() == (persona == SUP)


@pytest.mark.parametrize(
    ("persona", "status"), {**only(XH, allowed_status=201, others=404, anon=401), SUP: 403, ADM: 403}.items()
)
def test_api_progress_by_persona(as_persona, open_rec, persona, status):
    response = as_persona(persona).post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Xong"},
        content_type="application/json",
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(
    ("persona", "status"), {**only(SUP, allowed_status=201, others=404, anon=401), XH: 403, ADM: 403}.items()
)
def test_api_verify_by_persona(as_persona, open_rec, persona, status):
    response = as_persona(persona).post(
        f"/api/v1/recommendations/{open_rec.pk}/verify/", {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("persona", "status"), only(SUP, allowed_status=302).items())
def test_recording_a_supervision_by_persona(as_persona, demo_objects, persona, status):
    from supervision.models import Supervision

    unit_id = demo_objects["resup"].units.get().pk
    data = {
        "body": demo_objects["resup"].body_id,
        "kind": "thematic",
        "title": "Giám sát chuyên đề chuyển đổi số 2025",
        "topics": [],
        "units": [unit_id],
        "date": "05/04/2025",
        "period_start": "01/01/2024",
        "period_end": "31/03/2025",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-0-name": "Nguyễn Văn A",
        "members-0-position": "Ủy viên Thường trực HĐND",
        "members-0-role": "head",
        "members-0-order": "1",
        "findings-TOTAL_FORMS": "0",
        "findings-INITIAL_FORMS": "0",
    }
    before = Supervision.objects.count()
    response = as_persona(persona).post("/supervision/new/", data)
    assert response.status_code == status, response.content.decode()[:2000]
    assert Supervision.objects.count() - before == (1 if status == 302 and persona != ANON else 0)
    if persona == SUP:
        created = Supervision.objects.order_by("-pk").first()
        # Typed day first: 05/04/2025 is the 5th of April.
        assert str(created.date) == "2025-04-05"
        assert created.members.get().name == "Nguyễn Văn A"


def test_verdict_in_a_resupervision_needs_the_team_of_that_body(as_persona, demo_objects):
    rec = demo_objects["earlier"][0]
    response = as_persona(XH).post(
        f"/supervision/recommendations/{rec.pk}/verify/",
        {"status": "in_progress", "supervision": demo_objects["resup"].pk},
    )
    assert response.status_code == 403
    verdict = Verification.objects.get(supervision=demo_objects["resup"], recommendation=rec)
    assert verdict.status == "done"


def test_service_refuses_what_an_addressee_may_not_declare(open_rec, django_user_model):
    from django.core.exceptions import ValidationError

    clerk = django_user_model.objects.get(username="canbo_xuathoa")
    with pytest.raises(ValidationError) as error:
        progress_note_add(recommendation=open_rec, by=clerk, text="…", status="alternative", reason="khác")
    assert "status" in error.value.message_dict
    team = django_user_model.objects.get(username="giamsat")
    recommendation_verify(recommendation=open_rec, by=team, status="alternative", reason="Phương án tương đương")
    open_rec.refresh_from_db()
    assert open_rec.status == "alternative"
