"""The export page: a small export downloads at once, a large one becomes a job with a progress page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from exports.datasets import Request
from exports.forms import ExportForm
from exports.models import ExportLog
from exports.services import Download, export_start
from jobs.models import Job


@login_required
def export_page(request):
    form = ExportForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        wanted = Request(data["dataset"], data["format"], data["scope"], data["year"], data["quarter"])
        try:
            result = export_start(request=wanted, by=request.user)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            if isinstance(result, Download):
                response = HttpResponse(result.content, content_type=result.content_type)
                response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
                return response
            messages.info(request, _("Dữ liệu lớn được xuất trong nền; trang này cho biết tiến độ."))
            return redirect("jobs:detail", result.pk)
    recent = ExportLog.objects.filter(by=request.user).select_related("scope", "job")[:10]
    jobs = Job.objects.for_user(request.user).filter(created_by=request.user, kind="export")[:5]
    return render(request, "exports/export_page.html", {"form": form, "recent": recent, "jobs": jobs, "nav": "exports"})
