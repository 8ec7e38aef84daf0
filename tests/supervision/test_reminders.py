"""Reminders: one digest per person per day to the addressee's clerks, listing
what is due soon and what is overdue; a second run the same day sends nothing."""

import datetime

import pytest
from django.conf import settings
from django.core import mail

from supervision.models import ReminderDigest
from supervision.reminders import send_reminder_digests
from supervision.services import recommendation_create
from supervision.tasks import send_recommendation_reminders

pytestmark = pytest.mark.django_db


@pytest.fixture
def emails(django_user_model):
    for username in ("canbo_xuathoa", "canbo_songcau", "giamsat", "admin"):
        django_user_model.objects.filter(username=username).update(email=f"{username}@example.vn")


@pytest.fixture
def locmem(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def test_one_digest_per_person_per_day(emails, locmem, open_rec, demo_objects, django_user_model):
    # A second, soon-due recommendation to the same ward: still one mail.
    team = django_user_model.objects.get(username="giamsat")
    recommendation_create(
        supervision=demo_objects["resup"],
        by=team,
        text="Báo cáo kết quả khắc phục hạn chế về bưu chính công ích",
        addressee_unit=open_rec.addressee_unit,
        deadline=datetime.date(2025, 1, 5),
    )
    day = datetime.date(2025, 1, 1)
    result = send_reminder_digests(on=day, days_before=7)
    assert result.sent == 1 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["canbo_xuathoa@example.vn"]
    assert "2 quá hạn, 1 sắp đến hạn" in message.subject
    assert "QUÁ HẠN" in message.body and "SẮP ĐẾN HẠN" in message.body
    assert "31/12/2024" in message.body and "05/01/2025" in message.body
    # Run again the same day: nothing more.
    again = send_reminder_digests(on=day, days_before=7)
    assert again.sent == 0 and again.skipped == 1 and len(mail.outbox) == 1
    assert ReminderDigest.objects.get(day=day).recommendations.count() == 3
    # The next day is a new digest.
    send_reminder_digests(on=day + datetime.timedelta(days=1), days_before=7)
    assert len(mail.outbox) == 2


def test_nothing_due_nothing_sent(emails, locmem):
    # Before the conclusions' deadline window opens, nothing is due.
    result = send_reminder_digests(on=datetime.date(2024, 12, 1), days_before=7)
    assert result.sent == 0 and mail.outbox == []
    result = send_reminder_digests(on=datetime.date(2024, 12, 24), days_before=7)
    assert result.sent == 1 and "0 quá hạn, 2 sắp đến hạn" in mail.outbox[0].subject


def test_a_failed_send_is_retried_the_same_day(emails, locmem, monkeypatch):
    import supervision.reminders as reminders

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(reminders, "send_mail", broken)
    day = datetime.date(2025, 1, 2)
    assert send_reminder_digests(on=day).failed == 1
    assert not ReminderDigest.objects.filter(day=day).exists()
    monkeypatch.undo()
    assert send_reminder_digests(on=day).sent == 1


def test_the_beat_task_is_scheduled_and_runs(emails, locmem):
    entry = settings.CELERY_BEAT_SCHEDULE["supervision-reminders"]
    assert entry["task"] == "supervision.tasks.send_recommendation_reminders"
    # .apply() runs the registered task in-process (eager or not) against today's date.
    outcome = send_recommendation_reminders.apply().get()
    assert outcome["sent"] == len(mail.outbox) == 1  # the clerk of Xuất Hóa: two conclusions overdue
    assert send_recommendation_reminders.apply().get()["sent"] == 0
