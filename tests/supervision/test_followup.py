"""Following a recommendation to closure: progress, verification, re-supervision
verdicts, and the audit trail of every change (who, when, before, after)."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from supervision.models import RecommendationChange, Verification
from supervision.services import (
    progress_note_add,
    recommendation_create,
    recommendation_update,
    recommendation_verify,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def users(django_user_model):
    return {u.username: u for u in django_user_model.objects.all()}


def test_every_change_is_audited_and_shown(as_persona, open_rec, users):
    progress_note_add(recommendation=open_rec, by=users["canbo_xuathoa"], text="Đã tổ chức tập huấn", status="done")
    recommendation_verify(recommendation=open_rec, by=users["giamsat"], status="in_progress", note="Chưa đủ hồ sơ")
    recommendation_update(recommendation=open_rec, by=users["giamsat"], deadline=datetime.date(2025, 6, 30))
    changes = list(RecommendationChange.objects.filter(recommendation=open_rec).order_by("at", "pk"))
    assert [c.action for c in changes] == ["created", "progress", "progress", "verified", "updated"]
    progress, verified, updated = changes[2], changes[3], changes[4]
    assert progress.by.username == "canbo_xuathoa"
    assert progress.before == {"status": "in_progress"} and progress.after == {"status": "done"}
    assert verified.before["status"] == "done" and verified.after["status"] == "in_progress"
    assert verified.before["verified_at"] is None and verified.after["verified_at"]
    assert updated.before == {"deadline": "2024-12-31"} and updated.after == {"deadline": "2025-06-30"}
    page = as_persona("clerk_xuathoa").get(f"/supervision/recommendations/{open_rec.pk}/").content.decode()
    assert 'Thời hạn:</strong> <del class="text-muted">31/12/2024</del> → 30/06/2025' in page
    assert "Chưa đủ hồ sơ" in page and "Đã tổ chức tập huấn" in page


def test_a_new_progress_note_clears_the_verification(open_rec, users):
    recommendation_verify(recommendation=open_rec, by=users["giamsat"], status="in_progress")
    open_rec.refresh_from_db()
    assert open_rec.verified_at is not None
    progress_note_add(recommendation=open_rec, by=users["canbo_xuathoa"], text="Đã xong", status="done")
    open_rec.refresh_from_db()
    assert open_rec.status == "done" and open_rec.verified_at is None


@pytest.mark.parametrize("status", ["declined", "alternative"])
def test_a_reason_is_required_to_close_without_doing(open_rec, users, status):
    with pytest.raises(ValidationError) as error:
        recommendation_verify(recommendation=open_rec, by=users["giamsat"], status=status)
    assert "Lý do: bắt buộc" in error.value.message_dict["reason"][0]
    recommendation_verify(recommendation=open_rec, by=users["giamsat"], status=status, reason="Không còn phù hợp")
    open_rec.refresh_from_db()
    assert open_rec.reason == "Không còn phù hợp" and not open_rec.is_open


def test_declining_through_the_page_needs_a_reason(as_persona, open_rec):
    client = as_persona("clerk_xuathoa")
    response = client.post(
        f"/supervision/recommendations/{open_rec.pk}/progress/", {"status": "declined", "text": "Không thực hiện"}
    )
    assert response.status_code == 400
    assert "Lý do: bắt buộc khi tình trạng là “Không thực hiện”." in response.content.decode()
    response = client.post(
        f"/supervision/recommendations/{open_rec.pk}/progress/",
        {"status": "declined", "text": "Không thực hiện", "reason": "Phần mềm do tỉnh quản lý"},
    )
    assert response.status_code == 302
    open_rec.refresh_from_db()
    assert open_rec.status == "declined" and open_rec.reason == "Phần mềm do tỉnh quản lý"


def test_resupervision_records_one_verdict_per_earlier_recommendation(as_persona, demo_objects):
    resup, rec = demo_objects["resup"], demo_objects["earlier"][2]
    client = as_persona("supervisor")
    response = client.post(
        f"/supervision/recommendations/{rec.pk}/verify/",
        {"status": "in_progress", "note": "Cần bổ sung", "supervision": resup.pk},
    )
    assert response.status_code == 302 and response["Location"] == f"/supervision/{resup.pk}/"
    verdicts = Verification.objects.filter(supervision=resup, recommendation=rec)
    assert verdicts.count() == 1 and verdicts.get().status == "in_progress"
    rec.refresh_from_db()
    assert rec.status == "in_progress"
    # A verdict within a supervision that does not follow up this recommendation is refused.
    other = demo_objects["conclusions"][0]
    response = client.post(
        f"/supervision/recommendations/{other.pk}/verify/", {"status": "done", "supervision": resup.pk}, follow=True
    )
    assert "không theo dõi cuộc giám sát đã đưa ra kiến nghị này" in response.content.decode()


def test_addressee_is_a_unit_or_a_body_not_both(demo_objects, users):
    sup = demo_objects["resup"]
    with pytest.raises(ValidationError) as error:
        recommendation_create(supervision=sup, by=users["giamsat"], text="x")
    assert "addressee_unit" in error.value.message_dict
    body_rec = recommendation_create(
        supervision=sup, by=users["giamsat"], text="Bố trí kinh phí", addressee_body=sup.body
    )
    assert body_rec.addressee_label == "HĐND thành phố Bắc Kạn"


def test_team_adds_and_edits_a_recommendation_through_the_pages(as_persona, demo_objects):
    sup = demo_objects["resup"]
    client = as_persona("supervisor")
    unit = sup.units.get()
    response = client.post(
        f"/supervision/{sup.pk}/recommendations/new/",
        {
            "text": "Mở rộng thanh toán trực tuyến qua ngân hàng khác",
            "addressee_unit": unit.pk,
            "deadline": "05/02/2025",
        },
    )
    assert response.status_code == 302
    rec = sup.recommendations.get(text__startswith="Mở rộng")
    assert rec.deadline == datetime.date(2025, 2, 5) and rec.number == 4
    bad = client.post(f"/supervision/{sup.pk}/recommendations/new/", {"text": "", "deadline": "31/02/2025"})
    assert bad.status_code == 200
    assert "Thời hạn" in bad.content.decode() and sup.recommendations.count() == 4
    client.post(
        f"/supervision/recommendations/{rec.pk}/edit/",
        {"number": 4, "text": rec.text, "addressee_unit": unit.pk, "deadline": "28/02/2025"},
    )
    change = RecommendationChange.objects.filter(recommendation=rec, action="updated").get()
    assert change.before == {"deadline": "2025-02-05"} and change.after == {"deadline": "2025-02-28"}


def test_editing_a_supervision_keeps_its_delegation_and_findings(as_persona, demo_objects):
    sup = demo_objects["resup"]
    client = as_persona("supervisor")
    form = client.get(f"/supervision/{sup.pk}/edit/")
    page = form.content.decode()
    assert 'value="Lê Đăng Trưởng"' in page and 'value="24/04/2024"' in page
    context = form.context
    data = {}
    for bound in (context["form"],):
        for name, field in bound.fields.items():
            value = bound[name].value()
            if isinstance(value, list):
                data[name] = [str(v) for v in value]
            elif value is not None:
                shown = field.widget.format_value(value)
                if shown is not None:
                    data[name] = shown
    for formset in (context["members"], context["findings"]):
        data.update({f"{formset.prefix}-{k}": v for k, v in formset.management_form.initial.items()})
        for i, f in enumerate(formset.forms):
            for name in f.fields:
                value = f[name].value()
                if value is not None and value is not False:
                    data[f"{formset.prefix}-{i}-{name}"] = value
    data["place"] = "Hội trường UBND phường Xuất Hóa"
    response = client.post(f"/supervision/{sup.pk}/edit/", data)
    if response.status_code != 302:
        ctx = response.context
        pytest.fail(
            f"{ctx['form'].errors} {ctx['members'].errors} {ctx['findings'].errors} {ctx['members'].non_form_errors()}"
        )
    sup.refresh_from_db()
    assert sup.place == "Hội trường UBND phường Xuất Hóa"
    assert sup.head.name == "Lê Đăng Trưởng"
    assert sup.findings.filter(kind="shortcoming").count() == 2
    assert str(sup.date) == "2024-04-24"


def test_a_resupervision_must_name_the_supervision_it_follows_up(as_persona, demo_objects):
    response = as_persona("supervisor").post(
        "/supervision/new/",
        {
            "body": demo_objects["resup"].body_id,
            "kind": "resupervision",
            "title": "Tái giám sát",
            "units": [demo_objects["resup"].units.get().pk],
            "date": "01/06/2025",
            "period_start": "01/05/2024",
            "period_end": "31/12/2024",
            "members-TOTAL_FORMS": "0",
            "members-INITIAL_FORMS": "0",
            "findings-TOTAL_FORMS": "0",
            "findings-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert "Bắt buộc với tái giám sát" in response.content.decode()
