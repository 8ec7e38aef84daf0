"""Thin Celery tasks: load by id, call the service."""

from celery import shared_task

from par_index import recompute
from par_index.choices import RunTrigger


# acks_late: a worker killed mid-run leaves the message to be redelivered; the
# run is idempotent, so doing it twice is harmless.
@shared_task(acks_late=True, ignore_result=True)
def recompute_rankings(framework_id: int, trigger: str = RunTrigger.TASK) -> int | None:
    run = recompute.run_if_stale(framework_id=framework_id, trigger=trigger)
    return run.pk if run else None


@shared_task(ignore_result=True)
def sweep_stale_rankings(min_age_seconds: int = 15) -> list[int]:
    import datetime

    return recompute.sweep(min_age=datetime.timedelta(seconds=min_age_seconds))
