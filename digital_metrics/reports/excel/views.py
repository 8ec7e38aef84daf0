"""Excel templates of the quarterly values: one ward, or every ward the user
enters figures for. Upload → preview → confirm are the pipeline's pages
(reports/urls.py)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.utils.translation import gettext as _

from core.collation import sort_vi
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports.access import locate
from digital_metrics.reports.excel.workbook import build_workbook
from digital_metrics.reports.figures import raw_values
from wards.access import Do, access_for
from wards.models import AdministrativeUnit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def template_unit(request, code, year, quarter):
    located = locate(request.user, code, year, quarter)
    report = located.report
    values = raw_values([report.pk]).get(report.pk, {}) if report else {}
    data = build_workbook([(located.unit, located.period, report, values)], indicators=catalogue())
    return xlsx_response(data, f"bao-cao-{located.unit.code}-{located.period.year}-q{located.period.quarter}.xlsx")


@login_required
def template_many(request, year, quarter):
    """A row per ward the user enters figures for: every ward under the body for an admin."""
    try:
        period = Quarter(year, quarter)
    except ValueError as exc:
        raise PermissionDenied(str(exc)) from exc
    access = access_for(request.user)
    if not access.can_any(Do.WRITE_FIGURES):
        raise PermissionDenied(_("Bạn không nhập số liệu cho đơn vị nào."))
    units = AdministrativeUnit.objects.communes().existed_during(period.start, period.end)
    # The wards the user writes for as a clerk, else those the user follows (an admin's body);
    # a superuser of no body gets every commune of the country.
    own = access.member_unit_ids(Do.WRITE_FIGURES) or access.followed_unit_ids
    if own:
        units = units.filter(pk__in=own)
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
    return xlsx_response(data, f"bao-cao-{period.year}-q{period.quarter}.xlsx")
