"""A job's page (progress bar polled by htmx, no inline script), its file, the user's list."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.services import progress_of


def _job(request, pk) -> Job:
    job = Job.objects.for_user(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404(_("Không tìm thấy tác vụ."))
    return job


@login_required
def job_detail(request, pk):
    job = _job(request, pk)
    percent, step = progress_of(job)
    context = {"job": job, "percent": percent, "step": step, "nav": "exports"}
    if request.htmx:
        return render(request, "jobs/_status.html", context)
    return render(request, "jobs/job_detail.html", context)


@login_required
def job_file(request, pk):
    job = _job(request, pk)
    if not job.is_done:
        raise Http404(_("Tệp của tác vụ này chưa có hoặc đã hết hạn lưu."))
    return FileResponse(
        job.result.open("rb"), as_attachment=True, filename=job.result_name, content_type=job.result_type
    )


@login_required
def job_list(request):
    jobs = Job.objects.for_user(request.user).filter(created_by=request.user).select_related("created_by")[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "nav": "exports"})
