"""The clerk's two actions on the system's figures, posted from the report's
entry form (onestop/_report_form.html): accept, or keep the ward's figure with a
reason. Thin: the rules are in onestop.services."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from digital_metrics.reports import services as report_services
from digital_metrics.reports.access import locate
from onestop import services


def _back(located) -> str:
    """The entry form while the report can change; its page once it cannot (submitted, approved, locked)."""
    name = "reports:edit" if located.can_edit else "reports:detail"
    return reverse(name, args=[located.unit.code, located.period.year, located.period.quarter])


@login_required
@require_POST
def accept(request, code, year, quarter):
    located = locate(request.user, code, year, quarter, action="change")
    try:
        version = int(request.POST.get("version", ""))
    except ValueError:
        version = -1
    try:
        _report, changes = services.system_accept(
            unit=located.unit,
            year=located.period.year,
            quarter=located.period.quarter,
            codes=request.POST.getlist("code"),
            version=version,
            by=request.user,
        )
    except services.OnestopError as exc:
        messages.error(request, exc.message)
    except report_services.ReportInvalid as exc:
        messages.error(request, " ".join([_("Chưa nhận được số liệu từ hệ thống:")] + [i.message for i in exc.errors]))
    except report_services.ReportError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã nhận số liệu từ hệ thống một cửa (%(n)s giá trị thay đổi).") % {"n": len(changes)}
        )
    return redirect(_back(located))


@login_required
@require_POST
def override(request, code, year, quarter):
    located = locate(request.user, code, year, quarter, action="change")
    try:
        services.system_override(
            unit=located.unit,
            year=located.period.year,
            quarter=located.period.quarter,
            code=request.POST.get("code", ""),
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except services.OnestopError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, _("Đã ghi lý do giữ số liệu của đơn vị; người duyệt và Đoàn giám sát sẽ thấy lý do này.")
        )
    return redirect(_back(located))
