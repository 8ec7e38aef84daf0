import io
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl import load_workbook

from core.uploads import UnsafeUpload, check_workbook, check_workbook_size
from digital_metrics import services
from digital_metrics.forms import UploadForm
from digital_metrics.imports import ImportConflict
from digital_metrics.report_access import locate
from procedures.activity_import import COLUMNS, SHEET, apply_activity, plan_activity
from procedures.dossiers import TOTALS, FieldRowForm, current_rows, dossier_breakdown_save
from procedures.models import Field
from procedures.selectors import catalogue_summary, procedures_by_field
from wards.access import access_for


@login_required
def procedure_list(request):
    return render(
        request,
        "procedures/procedure_list.html",
        {"fields": catalogue_summary(), "procedures": procedures_by_field(), "nav": "catalogue"},
    )


SESSION_KEY = "activity_imports"


def _can_import(user) -> bool:
    access = access_for(user)
    return access.is_superuser or bool(access.clerk_unit_ids or access.admin_unit_ids)


@login_required
def activity_import(request):
    """Upload the per-procedure detail exported by the one-stop software; preview."""
    if not _can_import(request.user):
        raise PermissionDenied(_("Bạn không nhập số liệu cho đơn vị nào."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_workbook_size(upload.size)
            data = upload.read()
            check_workbook(data)
            plan = _plan(data, request.user)
        except UnsafeUpload as exc:
            form.add_error("file", str(exc))
        else:
            for old in request.session.get(SESSION_KEY, {}):
                default_storage.delete(f"imports/activity-{old}.xlsx")
            request.session[SESSION_KEY] = {}
            token = ""
            if not plan.errors and plan.changed_groups:
                token = secrets.token_urlsafe(16)
                default_storage.save(f"imports/activity-{token}.xlsx", ContentFile(data))
                request.session[SESSION_KEY] = {token: plan.versions()}
            return render(
                request,
                "procedures/activity_import.html",
                {"plan": plan, "token": token, "filename": upload.name, "form": None, "nav": "reports"},
            )
    return render(request, "procedures/activity_import.html", {"form": form, "columns": COLUMNS, "sheet": SHEET})


def _plan(data: bytes, user):
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        return plan_activity(wb, by=user)
    finally:
        wb.close()


@login_required
@require_POST
def activity_confirm(request, token):
    versions = request.session.get(SESSION_KEY, {}).get(token)
    path = f"imports/activity-{token}.xlsx"
    if versions is None or not default_storage.exists(path):
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không tồn tại; hãy tải tệp lên lại."))
        return redirect("procedures:activity_import")
    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    try:
        written = apply_activity(_plan(data, request.user), by=request.user, versions=versions)
    except ImportConflict as exc:
        messages.error(request, exc.message)
        return redirect("procedures:activity_import")
    finally:
        default_storage.delete(path)
        request.session[SESSION_KEY] = {}
    messages.success(request, _("Đã ghi chi tiết thủ tục của %(n)s báo cáo.") % {"n": written})
    return redirect("home")


@login_required
def dossier_breakdown(request, code, year, quarter):
    """Dossiers per field of one ward and quarter; the ward's totals are their sums."""
    located = locate(request.user, code, year, quarter, action="change")
    report, period = located.report, located.period
    back = reverse("reports:detail", args=[located.unit.code, period.year, period.quarter])
    if report is not None and (report.status not in services.EDITABLE or services.is_locked_for(report)):
        messages.warning(request, _("Báo cáo này không sửa được nữa (đã gửi, đã duyệt hoặc kỳ đã khóa)."))
        return redirect(back)
    fields = list(Field.objects.order_by("order", "code"))
    existing = current_rows(report)
    version = report.version if report else 0
    forms_ = [
        FieldRowForm(request.POST or None, prefix=f"f{f.pk}", field_name=f.name, initial=existing.get(f.pk, {}))
        for f in fields
    ]
    errors: list[str] = []
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        try:
            read = int(request.POST.get("version", "-1"))
            with transaction.atomic():
                if report is None:
                    report, created = services.report_start(
                        unit=located.unit, year=period.year, quarter=period.quarter, by=request.user
                    )
                    read = report.version if created and read == 0 else read
                dossier_breakdown_save(
                    report=report,
                    rows={f: form.cleaned_data for f, form in zip(fields, forms_, strict=True)},
                    version=read,
                    by=request.user,
                    confirm_warnings=bool(request.POST.get("confirm_warnings")),
                )
        except services.ReportInvalid as exc:
            errors = [exc.message] + [i.message for i in exc.errors + exc.warnings]
        except services.ReportError as exc:
            errors = [exc.message]
        else:
            messages.success(request, _("Đã lưu số hồ sơ theo lĩnh vực; tổng của phường đã được cập nhật."))
            return redirect(back)
    context = {
        "unit": located.unit,
        "period": period,
        "report": report,
        "rows": list(zip(fields, forms_, strict=True)),
        "columns": [forms_[0][name].label for name in TOTALS] if forms_ else [],
        "version": version,
        "errors": errors,
        "nav": "reports",
    }
    return render(request, "procedures/dossier_breakdown.html", context)
