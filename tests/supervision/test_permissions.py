"""Every supervision URL and endpoint, tried by every persona (GET), and every
write (POST) by every persona: only the addressee's clerks report progress,
only the supervision team verifies and records."""

import pytest

from supervision.models import ProgressNote, Verification
from supervision.services import progress_note_add, recommendation_verify
from tests.personas import ADM, ANON, PERSONAS, SC, SUP, XH, assert_get, matrix_cases

from .conftest import pdf

pytestmark = pytest.mark.django_db


# {name} placeholders are filled from the demo at run time. A persona left out gets 200.
MATRIX = {
    "/supervision/": {ANON: 302},
    "/supervision/new/": {ANON: 302, XH: 403, SC: 403},
    # The 2022 thematic supervision covered every ward of the city, Sông Cầu included.
    "/supervision/{thematic}/": {ANON: 302},
    "/supervision/{resup}/": {ANON: 302, SC: 404},
    "/supervision/{resup}/edit/": {ANON: 302, XH: 403, SC: 404},
    "/supervision/{thematic}/edit/": {ANON: 302, XH: 403, SC: 403},
    "/supervision/{resup}/recommendations/new/": {ANON: 302, XH: 403, SC: 404},
    "/supervision/recommendations/": {ANON: 302},
    "/supervision/recommendations/?unit=01855&status=in_progress&overdue=1": {ANON: 302},
    "/supervision/recommendations/{rec}/": {ANON: 302, SC: 404},
    "/supervision/recommendations/{rec}/edit/": {ANON: 302, XH: 403, SC: 404},
    "/supervision/recommendations/{earlier}/": {ANON: 302, SC: 404},
    "/supervision/recommendations/999999/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/supervision/999999/": {ANON: 302, XH: 404, SC: 404, SUP: 404, ADM: 404},
    "/supervision/documents/{document}/": {ANON: 302, SC: 404},
    "/supervision/evidence/{evidence}/": {ANON: 302, SC: 404},
    "/admin/supervision/supervision/": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/admin/supervision/recommendation/{rec}/change/": {ANON: 302, XH: 302, SC: 302, SUP: 302},
    "/api/v1/supervisions/": {ANON: 401},
    "/api/v1/supervisions/{resup}/": {ANON: 401, SC: 404},
    "/api/v1/recommendations/": {ANON: 401},
    "/api/v1/recommendations/?unit=01855&status=done&overdue=false": {ANON: 401},
    "/api/v1/recommendations/{rec}/": {ANON: 401, SC: 404},
}


@pytest.fixture
def ids(demo_objects, open_rec, django_user_model):
    from supervision.services import document_add

    team = django_user_model.objects.get(username="giamsat")
    clerk = django_user_model.objects.get(username="canbo_xuathoa")
    document = document_add(supervision=demo_objects["resup"], by=team, kind="unit_report", upload=pdf())
    note = progress_note_add(
        recommendation=open_rec, by=clerk, text="Kèm biên bản", status="in_progress", files=[pdf()]
    )
    return {
        "thematic": demo_objects["thematic"].pk,
        "resup": demo_objects["resup"].pk,
        "rec": open_rec.pk,
        "earlier": demo_objects["earlier"][0].pk,
        "document": document.pk,
        "evidence": note.evidence.get().pk,
    }


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases(MATRIX))
def test_every_url_by_every_persona(as_persona, ids, url, persona, status):
    assert_get(as_persona(persona), url.format(**ids), persona, status)


WRITES = {
    # what: {persona: status}; 302 after success (the pages redirect), login redirect for anonymous
    "progress": {ANON: 302, XH: 302, SC: 404, SUP: 403, ADM: 403},
    "verify": {ANON: 302, XH: 403, SC: 404, SUP: 302, ADM: 302},
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
    assert Verification.objects.filter(recommendation=open_rec).exists() == (persona in (SUP, ADM))


@pytest.mark.parametrize(("persona", "status"), [(ANON, 401), (XH, 201), (SC, 404), (SUP, 403), (ADM, 403)])
def test_api_progress_by_persona(as_persona, open_rec, persona, status):
    response = as_persona(persona).post(
        f"/api/v1/recommendations/{open_rec.pk}/progress/",
        {"status": "done", "text": "Xong"},
        content_type="application/json",
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("persona", "status"), [(ANON, 401), (XH, 403), (SC, 404), (SUP, 201), (ADM, 201)])
def test_api_verify_by_persona(as_persona, open_rec, persona, status):
    response = as_persona(persona).post(
        f"/api/v1/recommendations/{open_rec.pk}/verify/", {"status": "done"}, content_type="application/json"
    )
    assert response.status_code == status, response.content


@pytest.mark.parametrize(("persona", "status"), [(ANON, 302), (XH, 403), (SC, 403), (SUP, 302), (ADM, 302)])
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
    if persona in (SUP, ADM):
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
