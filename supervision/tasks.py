from celery import shared_task

from supervision.reminders import send_reminder_digests


@shared_task(name="supervision.tasks.send_recommendation_reminders")
def send_recommendation_reminders() -> dict:
    """Daily (CELERY_BEAT_SCHEDULE): the deadline digests of the day."""
    result = send_reminder_digests()
    return {"sent": result.sent, "skipped": result.skipped, "failed": result.failed}
