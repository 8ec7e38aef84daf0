"""Import jobs: a sheet too large to preview within a request is read,
planned and written by a Celery worker (digital_metrics.tasks), never by a
web worker. The semantics are the pipeline's: the worker plans (every change
and error, nothing written) and renders the preview; the user confirms; the
worker plans again and writes all of it against the versions the user saw, or
nothing.

    upload ─▶ QUEUED ─▶ READING ─▶ PLANNED ─(confirm)─▶ APPLYING ─▶ DONE
                           └──────────┴──────────────────────┴──▶ FAILED
    PLANNED, never confirmed ─(sweep)─▶ EXPIRED

Each step is claimed by a conditional UPDATE on the status, so a redelivered
task or a double click does the work once. The page polls the job (htmx) while
a worker is busy with it.
"""

import datetime
import logging
import secrets

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.numbers import notation_of
from core.uploads import UnsafeUpload
from digital_metrics.choices import ImportStatus
from digital_metrics.models import ImportJob
from digital_metrics.reports.errors import ReportError

logger = logging.getLogger(__name__)

FOLDER = "imports"


def importer_path(importer) -> str:
    cls = type(importer)
    return f"{cls.__module__}.{cls.__qualname__}"


def _set(job: ImportJob, *, expect: list[str] | None = None, **fields) -> bool:
    """Move the job on (conditionally on its status when ``expect`` is given); autocommitted."""
    qs = ImportJob.objects.filter(pk=job.pk)
    if expect is not None:
        qs = qs.filter(status__in=expect)
    fields["updated_at"] = timezone.now()
    done = qs.update(**fields) == 1
    if done:
        for name, value in fields.items():
            setattr(job, name, value)
    return done


def _drop_file(job: ImportJob) -> None:
    if job.file:
        default_storage.delete(job.file)
        _set(job, file="")


def start(*, importer, data: bytes, name: str, by, language: str) -> ImportJob:
    """Store the (already checked) file, record the job, queue its planning after commit."""
    path = default_storage.save(f"{FOLDER}/job-{secrets.token_urlsafe(12)}.xlsx", ContentFile(data))
    now = timezone.now()
    job = ImportJob.objects.create(
        importer=importer_path(importer),
        created_by=by,
        created_at=now,
        updated_at=now,
        file=path,
        original_name=name[:255],
        size=len(data),
        language=language,
    )
    transaction.on_commit(lambda: _enqueue("plan_import_job", job.pk))
    return job


def _enqueue(task_name: str, job_id: int) -> None:
    from digital_metrics import tasks

    try:
        getattr(tasks, task_name).apply_async((job_id,), queue=settings.IMPORT_QUEUE or None)
    except Exception:  # a broker outage: the job stays QUEUED and the sweep fails it with a message
        logger.warning("Could not enqueue %s for import job %s", task_name, job_id, exc_info=True)


def _read(job: ImportJob) -> bytes:
    with default_storage.open(job.file, "rb") as fh:
        return fh.read()


def plan_job(*, job_id: int) -> ImportJob | None:
    """The worker's first step: read within the budget, plan, render the preview."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not _set(job, expect=[ImportStatus.QUEUED], status=ImportStatus.READING):
        return None  # already taken (a redelivery)
    importer = import_string(job.importer)()

    def progress(rows: int) -> None:
        _set(job, rows_read=rows)

    with translation.override(job.language):
        try:
            plan = importer.plan(_read(job), by=job.created_by, notation=notation_of(job.language), on_row=progress)
            context = {"importer": importer, "plan": plan, **importer.preview_context(plan)}
            preview = render_to_string("digital_metrics/_import_plan.html", context)
        except (UnsafeUpload, SoftTimeLimitExceeded) as exc:
            _fail(job, exc)
            return job
        except Exception:
            _fail(job, None)
            raise
    ready = not plan.errors and bool(plan.changed)
    _set(
        job,
        status=ImportStatus.PLANNED,
        rows_read=plan.row_count,
        preview=preview,
        versions=plan.versions(),
        has_changes=ready,
        error_count=len(plan.errors),
    )
    if not ready:
        _drop_file(job)  # nothing to confirm
    return job


def confirm(*, job: ImportJob) -> bool:
    """The user confirms the preview: queue the write (once, whatever the clicks)."""
    if not job.has_changes or not _set(job, expect=[ImportStatus.PLANNED], status=ImportStatus.APPLYING):
        return False
    transaction.on_commit(lambda: _enqueue("apply_import_job", job.pk))
    return True


def apply_job(*, job_id: int) -> ImportJob:
    """The worker's second step: plan again and write all of it (versions as previewed), or nothing."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if job.status != ImportStatus.APPLYING or not job.file:
        return job
    importer = import_string(job.importer)()
    with translation.override(job.language):
        try:
            plan = importer.plan(_read(job), by=job.created_by, notation=notation_of(job.language))
            done = importer.apply(plan, by=job.created_by, versions=job.versions)
        except (ReportError, UnsafeUpload, SoftTimeLimitExceeded) as exc:
            _fail(job, exc)
            return job
        except Exception:
            _fail(job, None)
            raise
    _set(job, status=ImportStatus.DONE, result=done)
    _drop_file(job)
    return job


def _fail(job: ImportJob, exc) -> None:
    if isinstance(exc, SoftTimeLimitExceeded):
        message = _("Xử lý tệp vượt quá %(n)s giây, chưa ghi gì; hãy chia tệp thành nhiều tệp nhỏ hơn.") % {
            "n": settings.IMPORT_TASK_TIME_LIMIT
        }
    elif exc is not None:
        message = getattr(exc, "message", None) or str(exc)
    else:
        message = _("Lỗi khi xử lý tệp, chưa ghi gì; quản trị đã được báo.")
    _set(job, status=ImportStatus.FAILED, result=message)
    _drop_file(job)


def sweep(*, now: datetime.datetime | None = None) -> dict:
    """Abandoned previews and stuck jobs: a preview nobody confirmed within
    IMPORT_PREVIEW_MAX_AGE_HOURS expires with its file, a job no worker moved
    for twice the task's time limit fails (its worker died; its write, one
    transaction, rolled back), and any stored import file older than the age
    (an in-request preview left in a session) is deleted."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(hours=settings.IMPORT_PREVIEW_MAX_AGE_HOURS)
    stuck_cutoff = now - datetime.timedelta(seconds=2 * settings.IMPORT_TASK_TIME_LIMIT)
    expired = failed = files = 0
    for job in ImportJob.objects.filter(status=ImportStatus.PLANNED, updated_at__lt=cutoff):
        if _set(job, expect=[ImportStatus.PLANNED], status=ImportStatus.EXPIRED):
            _drop_file(job)
            expired += 1
    for job in ImportJob.objects.filter(status__in=ImportStatus.working(), updated_at__lt=stuck_cutoff):
        message = _("Tác vụ xử lý tệp bị gián đoạn, chưa ghi gì; hãy tải tệp lên lại.")
        if _set(job, expect=ImportStatus.working(), status=ImportStatus.FAILED, result=message):
            _drop_file(job)
            failed += 1
    try:
        _dirs, names = default_storage.listdir(FOLDER)
    except FileNotFoundError:
        names = []
    for name in names:
        path = f"{FOLDER}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            files += 1
    return {"expired": expired, "failed": failed, "files": files}


# --- Pages. --------------------------------------------------------------------------


def _job_for(request, pk: int, importer) -> ImportJob:
    """A job is seen by who uploaded it (404 for anyone else)."""
    return get_object_or_404(ImportJob, pk=pk, created_by=request.user, importer=importer_path(importer))


@login_required
def job_view(request, pk: int, importer):
    """The job's page; while a worker is busy, htmx polls the status block and
    reloads the page (HX-Refresh) once there is a preview or a result."""
    job = _job_for(request, pk, importer)
    if request.htmx:
        if not job.is_working:
            response = HttpResponse(status=204)
            response["HX-Refresh"] = "true"
            return response
        return render(request, "digital_metrics/_import_job_status.html", {"job": job, "importer": importer})
    context = {"job": job, "importer": importer, "nav": "reports"}
    return render(request, "digital_metrics/import_job.html", context)


@login_required
@require_POST
def job_confirm(request, pk: int, importer):
    job = _job_for(request, pk, importer)
    if not confirm(job=job):
        messages.error(request, _("Lượt nhập này không còn chờ xác nhận; hãy tải tệp lên lại."))
    return redirect(importer.job_url, pk=job.pk)
