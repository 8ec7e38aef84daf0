"""Thin Celery tasks: load by id, call the service."""

from celery import shared_task

from jobs import services


# acks_late: a worker killed mid-run leaves the message to be redelivered; the
# claim is a conditional UPDATE, so a redelivery of a job already taken does nothing.
@shared_task(name="jobs.tasks.run_job", acks_late=True, ignore_result=True)
def run_job(job_id: int) -> str | None:
    job = services.job_execute(job_id=job_id)
    return job.status if job else None


@shared_task(name="jobs.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict:
    return services.job_sweep()
