"""Exports: check who asks, write the file (at once or as a background job), log it."""

import io
import logging
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.spreadsheets import CSV_TYPE, XLSX_TYPE, writer_for
from exports.access import may_export
from exports.choices import Channel, Dataset, Format
from exports.datasets import DATASETS, Progress, Request, dataset, no_progress
from exports.models import ExportLog
from jobs.models import Job
from jobs.services import JobError, Output, job_create, output_path

logger = logging.getLogger(__name__)

SHEETS = {Dataset.VALUES: "Số liệu", Dataset.RANKINGS: "Xếp hạng", Dataset.RECOMMENDATIONS: "Kiến nghị"}
CONTENT_TYPES = {Format.XLSX: XLSX_TYPE, Format.CSV: CSV_TYPE}


@dataclass(frozen=True)
class Download:
    content: bytes
    filename: str
    content_type: str
    rows: int


def check_request(request: Request) -> None:
    """A ValidationError in Vietnamese naming the field, for what cannot be exported as asked."""
    errors = {}
    if request.dataset not in DATASETS:
        errors["dataset"] = _("Dữ liệu: “%(v)s” không phải loại dữ liệu xuất được.") % {"v": request.dataset}
    if request.format not in Format.values:
        errors["format"] = _("Định dạng: chỉ xuất được xlsx hoặc csv, không phải “%(v)s”.") % {"v": request.format}
    if request.dataset in (Dataset.VALUES, Dataset.RANKINGS) and not request.year:
        errors["year"] = _("Năm: cần chọn năm để xuất dữ liệu này.")
    if request.quarter is not None and request.quarter not in (1, 2, 3, 4):
        errors["quarter"] = _("Quý: phải là 1, 2, 3 hoặc 4.")
    if request.quarter and request.dataset != Dataset.VALUES:
        errors["quarter"] = _("Quý: chỉ dùng khi xuất số liệu theo quý.")
    if errors:
        raise ValidationError(errors)


def write(request: Request, target, *, user=None, progress: Progress = no_progress) -> int:
    """Write the export into ``target`` (a path or a binary file); the number of rows.
    ``user`` None: an admin's script (every row)."""
    data = dataset(request.dataset)
    sheet = SHEETS[request.dataset]
    with writer_for(request.format, target, data.columns(request), sheet=sheet) as out:
        for row in data.rows(request, user=user, progress=progress):
            out.write(row)
    return out.rows


def _log(request: Request, *, user, channel: str, rows: int | None = None, job: Job | None = None, actor: str = ""):
    return ExportLog.objects.create(
        dataset=request.dataset,
        format=request.format,
        scope=request.scope,
        params=request.params(),
        channel=channel,
        rows=rows,
        by=user if user is not None and user.is_authenticated else None,
        actor=actor or (user.get_username() if user is not None else ""),
        job=job,
    )


def log_page_download(*, dataset: str, fmt: str, scope, params: dict, rows: int, by) -> ExportLog:
    """A file a page gives at once without a ``Request`` of its own (the overview as on screen), logged like every export."""
    return ExportLog.objects.create(
        dataset=dataset,
        format=fmt,
        scope=scope,
        params=params,
        channel=Channel.PAGE,
        rows=rows,
        by=by,
        actor=by.get_username(),
    )


def export_start(*, request: Request, by) -> Download | Job:
    """What a page asks for: a small export at once, a large one (a province,
    the whole country) as a background job. Refused with PermissionDenied
    outside the user's units."""
    check_request(request)
    if not may_export(by, request.dataset, request.scope):
        raise PermissionDenied(_("Bạn không được xuất dữ liệu của phạm vi này."))
    if request.is_large:
        with transaction.atomic():
            job = job_create(kind="export", params=request.params(), label=request.label, by=by)
            _log(request, user=by, channel=Channel.JOB, job=job)
        return job
    buffer = io.BytesIO()
    rows = write(request, buffer, user=by)
    _log(request, user=by, channel=Channel.PAGE, rows=rows)
    return Download(buffer.getvalue(), request.filename, CONTENT_TYPES[request.format], rows)


def export_to_file(*, request: Request, path, by=None, actor: str = "") -> int:
    """For the management command: the whole export into ``path`` now, logged."""
    check_request(request)
    if by is not None and not may_export(by, request.dataset, request.scope):
        raise PermissionDenied(_("Tài khoản %(user)s không được xuất dữ liệu của phạm vi này.") % {"user": by})
    rows = write(request, path, user=by)
    _log(request, user=by, channel=Channel.COMMAND, rows=rows, actor=actor)
    return rows


def run_export_job(*, job: Job, progress) -> Output:
    """The job handler (settings.JOB_HANDLERS["export"]): rights checked again,
    as they may have changed since the job was asked for."""
    request = Request.from_params(job.params)
    if job.created_by is None or not may_export(job.created_by, request.dataset, request.scope):
        raise JobError(_("Tài khoản yêu cầu không còn quyền xuất dữ liệu của phạm vi này."))
    path = output_path(f".{request.format}")
    try:
        rows = write(request, path, user=job.created_by, progress=progress)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    ExportLog.objects.filter(job=job).update(rows=rows)
    return Output(path, request.filename, CONTENT_TYPES[request.format], rows)
