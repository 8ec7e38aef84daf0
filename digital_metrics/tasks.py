"""Thin Celery tasks: load by id, call the service (digital_metrics.reports.excel.jobs)."""

from celery import shared_task
from django.conf import settings

from digital_metrics.reports.excel import jobs

# A hard limit kills the task; the soft one, a few seconds earlier, lets it record why.
LIMITS = {
    "time_limit": settings.IMPORT_TASK_TIME_LIMIT,
    "soft_time_limit": max(settings.IMPORT_TASK_TIME_LIMIT - 10, 1),
}


@shared_task(acks_late=True, ignore_result=True, **LIMITS)
def plan_import_job(job_id: int) -> None:
    jobs.plan_job(job_id=job_id)


@shared_task(acks_late=True, ignore_result=True, **LIMITS)
def apply_import_job(job_id: int) -> None:
    jobs.apply_job(job_id=job_id)


@shared_task(ignore_result=True)
def sweep_abandoned_imports() -> dict:
    return jobs.sweep()
