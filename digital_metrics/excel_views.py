"""Excel pages: download a template (one ward, or every ward the user enters
for), upload → preview → confirm."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.collation import sort_vi
from core.uploads import UnsafeUpload, check_workbook, check_workbook_size
from digital_metrics.excel import build_workbook, read_workbook
from digital_metrics.forms import UploadForm
from digital_metrics.imports import ImportConflict, apply_import, plan_import
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.report_access import locate
from digital_metrics.selectors import catalogue, raw_values
from wards.access import access_for
from wards.models import AdministrativeUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "report_imports"


def _xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def template_unit(request, code, year, quarter):
    located = locate(request.user, code, year, quarter)
    report = located.report
    values = raw_values([report.pk]).get(report.pk, {}) if report else {}
    data = build_workbook([(located.unit, located.period, report, values)], indicators=catalogue())
    return _xlsx_response(data, f"bao-cao-{located.unit.code}-{located.period.year}-q{located.period.quarter}.xlsx")


@login_required
def template_many(request, year, quarter):
    """A row per ward the user enters figures for: every ward under the body for an admin."""
    access = access_for(request.user)
    try:
        period = Quarter(year, quarter)
    except ValueError as exc:
        raise PermissionDenied(str(exc)) from exc
    unit_ids = access.clerk_unit_ids | access.admin_unit_ids
    units = AdministrativeUnit.objects.communes().existed_during(period.start, period.end)
    if unit_ids:
        units = units.filter(pk__in=unit_ids)
    elif not access.is_superuser:  # a superuser of no body gets every commune of the country
        raise PermissionDenied(_("Bạn không nhập số liệu cho đơn vị nào."))
    units = sort_vi(units)
    reports = {
        r.unit_id: r
        for r in QuarterlyReport.objects.filter(
            year=period.year, quarter=period.quarter, unit__in=[u.pk for u in units]
        )
    }
    values = raw_values([r.pk for r in reports.values()])
    rows = [(u, period, reports.get(u.pk), values.get(reports[u.pk].pk, {}) if u.pk in reports else {}) for u in units]
    data = build_workbook(rows, indicators=catalogue())
    return _xlsx_response(data, f"bao-cao-{period.year}-q{period.quarter}.xlsx")


def _can_import(request) -> bool:
    access = access_for(request.user)
    return access.is_superuser or bool(access.clerk_unit_ids or access.admin_unit_ids)


def _plan_from(data: bytes, user):
    return plan_import(read_workbook(data), by=user)


@login_required
def import_upload(request):
    if not _can_import(request):
        raise PermissionDenied(_("Bạn không nhập số liệu cho đơn vị nào."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_workbook_size(upload.size)  # before reading it into memory
            data = upload.read()
            check_workbook(data)
            plan = _plan_from(data, request.user)
        except UnsafeUpload as exc:
            form.add_error("file", str(exc))
        else:
            token = ""
            # One pending preview per session: an abandoned one is dropped with its file.
            for old in request.session.get(SESSION_KEY, {}):
                default_storage.delete(f"imports/{old}.xlsx")
            request.session[SESSION_KEY] = {}
            if not plan.errors and plan.change_count:
                token = secrets.token_urlsafe(16)
                default_storage.save(f"imports/{token}.xlsx", ContentFile(data))
                request.session[SESSION_KEY] = {token: {"name": upload.name, "versions": plan.versions()}}
            return render(
                request,
                "digital_metrics/import_preview.html",
                {
                    "plan": plan,
                    "token": token,
                    "filename": upload.name,
                    "by_code": {i.code: i for i in catalogue()},
                    "nav": "reports",
                },
            )
    return render(request, "digital_metrics/import_upload.html", {"form": form, "nav": "reports"})


@login_required
@require_POST
def import_confirm(request, token):
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(token)
    path = f"imports/{token}.xlsx"
    if entry is None or not default_storage.exists(path):
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không tồn tại; hãy tải tệp lên lại."))
        return redirect("reports:import")
    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    try:
        plan = _plan_from(data, request.user)
        result = apply_import(plan, by=request.user, versions=entry["versions"])
    except (ImportConflict, UnsafeUpload) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect("reports:import")
    finally:
        default_storage.delete(path)
        pending.pop(token, None)
        request.session[SESSION_KEY] = pending
    messages.success(
        request,
        _("Đã ghi %(values)s giá trị: %(created)s báo cáo mới, %(updated)s báo cáo được cập nhật.")
        % {
            "values": result["values_changed"],
            "created": result["reports_created"],
            "updated": result["reports_updated"],
        },
    )
    return redirect("home")
