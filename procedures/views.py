from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from digital_metrics.reports.access import locate
from digital_metrics.reports.errors import ReportError, ReportInvalid
from digital_metrics.reports.excel.views import xlsx_response
from digital_metrics.reports.state import state_of
from procedures.activity_import import activity_template
from procedures.dossiers import TOTALS, FieldRowForm, current_rows, dossier_breakdown_save
from procedures.models import Field
from procedures.selectors import catalogue_summary, procedures_by_field


@login_required
def procedure_list(request):
    return render(
        request,
        "procedures/procedure_list.html",
        {"fields": catalogue_summary(), "procedures": procedures_by_field(), "nav": "catalogue"},
    )


@login_required
def dossier_breakdown(request, code, year, quarter):
    """Dossiers per field of one ward and quarter; the ward's totals are their sums."""
    located = locate(request.user, code, year, quarter, action="change")
    report, period = located.report, located.period
    back = reverse("reports:detail", args=[located.unit.code, period.year, period.quarter])
    why = state_of(period=period, report=report, unit_id=located.unit.pk).refusal()
    if why:
        messages.warning(request, why)
        return redirect(back)
    fields = list(Field.objects.order_by("order", "code"))
    existing = current_rows(report)
    forms_ = [
        FieldRowForm(request.POST or None, prefix=f"f{f.pk}", field_name=f.name, initial=existing.get(f.pk, {}))
        for f in fields
    ]
    errors: list[str] = []
    if request.method == "POST" and all(form.is_valid() for form in forms_):
        try:
            dossier_breakdown_save(
                unit=located.unit,
                period=period,
                rows={f: form.cleaned_data for f, form in zip(fields, forms_, strict=True)},
                version=int(request.POST.get("version", "-1")),
                by=request.user,
                confirm_warnings=bool(request.POST.get("confirm_warnings")),
            )
        except ReportInvalid as exc:
            errors = [exc.message] + [i.message for i in exc.errors + exc.warnings]
        except (ReportError, ValueError) as exc:
            errors = [getattr(exc, "message", _("Phiên bản không hợp lệ."))]
        else:
            messages.success(request, _("Đã lưu số hồ sơ theo lĩnh vực; tổng của phường đã được cập nhật."))
            return redirect(back)
    context = {
        "unit": located.unit,
        "period": period,
        "report": report,
        "rows": list(zip(fields, forms_, strict=True)),
        "columns": [forms_[0][name].label for name in TOTALS] if forms_ else [],
        "version": report.version if report else 0,
        "errors": errors,
        "nav": "reports",
    }
    return render(request, "procedures/dossier_breakdown.html", context)


@login_required
def activity_excel(request, code, year, quarter):
    """The per-procedure detail sheet of one ward and quarter, started or not."""
    located = locate(request.user, code, year, quarter)
    data = activity_template(unit=located.unit, period=located.period, report=located.report)
    name = f"chi-tiet-thu-tuc-{located.unit.code}-{located.period.year}-q{located.period.quarter}.xlsx"
    return xlsx_response(data, name)
