"""The write side of background jobs, for every kind.

    job = job_create(kind="export", params={...}, label="…", by=user)   # in the caller's transaction
    # after commit: jobs.tasks.run_job(job.pk) on a worker
    #   → job_execute claims the row (conditional UPDATE: duplicates and retries are harmless),
    #     calls settings.JOB_HANDLERS[kind](job=job, progress=progress) → Output,
    #     stores the file, marks the job done (or failed with the handler's message)
    # beat, every JOBS_SWEEP_SECONDS: job_sweep re-enqueues what the broker lost,
    #   fails what a dead worker left running, deletes files past JOBS_KEEP_HOURS

A handler is a plain function of the app that owns the kind. It reads
``job.params``, reports ``progress(done, total, step)`` now and then, writes its
file to ``output_path(suffix)`` and returns an ``Output``. A ``JobError`` it
raises is shown to the user as is (a sentence in Vietnamese); anything else is
logged and shown as a generic failure.
"""

import datetime
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from jobs.choices import JobStatus
from jobs.models import Job

logger = logging.getLogger(__name__)

# A running job that has not reported progress for this long is presumed dead (worker killed).
LEASE = datetime.timedelta(minutes=15)
# A queued job older than this was probably lost by the broker: the sweep enqueues it again.
REQUEUE_AFTER = datetime.timedelta(minutes=1)


class JobError(Exception):
    """A failure the user can act on; its message (Vietnamese) is shown on the job's page."""


@dataclass(frozen=True)
class Output:
    path: Path  # a file the handler wrote (from output_path); moved into storage, then removed
    name: str  # the name the browser saves it under
    content_type: str
    rows: int | None = None


def output_path(suffix: str) -> Path:
    """A fresh temporary file for a handler to write its result to."""
    fd, name = tempfile.mkstemp(prefix="job-", suffix=suffix)
    os.close(fd)
    return Path(name)


def _progress_key(job_id: int) -> str:
    return f"jobs:progress:{job_id}"


class Progress:
    """``progress(done, total, step)``: what a handler calls as it goes.

    Written to the cache at once (the page polls it, even while the handler
    holds a transaction, as an all-or-nothing import does) and to the job row,
    at most every ``every`` seconds and only outside a transaction, as the
    heartbeat the sweep reads.
    """

    def __init__(self, job: Job, every: float = 1.0):
        self.job_id, self.every, self._last = job.pk, every, 0.0

    def __call__(self, done: int, total: int, step: str = "") -> None:
        percent = min(99, int(done * 100 / total)) if total else 0
        now = time.monotonic()
        if now - self._last < self.every and done < total:
            return
        self._last = now
        cache.set(_progress_key(self.job_id), (percent, step[:200]), timeout=int(LEASE.total_seconds()) * 2)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(
                progress=percent, step=step[:200], heartbeat_at=timezone.now()
            )


def progress_of(job: Job) -> tuple[int, str]:
    """(percent, step) as the page shows it: the cache's newer figure while running."""
    if job.status == JobStatus.RUNNING:
        cached = cache.get(_progress_key(job.pk))
        if cached and cached[0] >= job.progress:
            return cached
    return (100 if job.status == JobStatus.DONE else job.progress), job.step


def job_create(*, kind: str, params: dict, label: str, by) -> Job:
    """A queued job, enqueued once the caller's transaction commits (never before:
    the worker must find the row)."""
    if kind not in settings.JOB_HANDLERS:
        raise ValueError(f"no handler for job kind {kind!r} in settings.JOB_HANDLERS")
    job = Job.objects.create(kind=kind, params=params, label=label[:300], created_by=by if by else None)
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int) -> bool:
    """Publish the task; a broker failure is logged, not raised (the sweep retries)."""
    from jobs.tasks import run_job

    try:
        run_job.apply_async((job_id,), queue=settings.JOBS_QUEUE or None)
    except Exception:  # kombu raises several families (OperationalError, ConnectionError…)
        logger.warning("Could not enqueue job %s; the sweep will retry", job_id, exc_info=True)
        return False
    return True


def job_execute(*, job_id: int) -> Job | None:
    """Claim a queued job and run its handler; None if another run has it (or it is finished)."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, status=JobStatus.QUEUED).update(
        status=JobStatus.RUNNING, started_at=now, heartbeat_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return None
    job = Job.objects.get(pk=job_id)
    # A job runs in the portal's working language, whatever the thread last served
    # (eager mode runs it inside a request): its messages are stored and read later.
    with translation.override(settings.LANGUAGE_CODE):
        return _run(job)


def _run(job: Job) -> Job:
    try:
        handler = import_string(settings.JOB_HANDLERS[job.kind])
        output = handler(job=job, progress=Progress(job))
    except JobError as error:
        return _fail(job, str(error))
    except Exception:
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        return _fail(job, _("Lỗi hệ thống khi chạy tác vụ; quản trị viên đã được ghi nhận lỗi. Hãy thử lại sau."))
    try:
        with open(output.path, "rb") as handle:
            job.result.save(output.name, File(handle), save=False)
        job.result_size = output.path.stat().st_size
    finally:
        output.path.unlink(missing_ok=True)
    job.status, job.progress, job.step = JobStatus.DONE, 100, ""
    job.result_name, job.result_type, job.result_rows = output.name, output.content_type, output.rows
    job.finished_at = timezone.now()
    job.expires_at = job.finished_at + datetime.timedelta(hours=settings.JOBS_KEEP_HOURS)
    job.save()
    cache.delete(_progress_key(job.pk))
    return job


def _fail(job: Job, message: str) -> Job:
    job.status, job.error, job.finished_at = JobStatus.FAILED, message, timezone.now()
    job.save(update_fields=["status", "error", "finished_at"])
    cache.delete(_progress_key(job.pk))
    return job


def job_sweep(*, now: datetime.datetime | None = None) -> dict:
    """Re-enqueue queued jobs the broker lost, fail running jobs whose worker
    died, delete result files kept past JOBS_KEEP_HOURS. Idempotent."""
    now = now or timezone.now()
    lost = list(
        Job.objects.filter(status=JobStatus.QUEUED, created_at__lt=now - REQUEUE_AFTER).values_list("pk", flat=True)
    )
    for job_id in lost:
        enqueue(job_id)
    dead = Job.objects.filter(status=JobStatus.RUNNING, heartbeat_at__lt=now - LEASE).update(
        status=JobStatus.FAILED,
        finished_at=now,
        error=_("Tác vụ bị gián đoạn (tiến trình xử lý dừng giữa chừng). Hãy yêu cầu lại."),
    )
    expired = 0
    for job in Job.objects.filter(status=JobStatus.DONE, expires_at__lt=now):
        job.result.delete(save=False)
        job.status = JobStatus.EXPIRED
        job.save(update_fields=["result", "status"])
        expired += 1
    return {"requeued": len(lost), "failed": dead, "expired": expired}
