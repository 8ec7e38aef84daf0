"""What a clerk does with the system's figures: accept them into the report, or
keep the ward's own and say why. Accepting writes through
digital_metrics.reports.services (the same validation, versions and audit as
the form), the values carrying the origin SYSTEM ("Từ hệ thống một cửa"), or
DEMO when the figures came from the demo's illustrative account."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.limits import NOTE_CHARS
from digital_metrics.choices import Origin
from digital_metrics.models import Indicator, QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports import services as report_services
from digital_metrics.reports.figures import raw_values
from onestop.mapping import COVERED, TOTALS
from onestop.models import Override
from onestop.selectors import system_figures
from wards.access import Do, require


class OnestopError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _figures(unit, quarter: Quarter) -> dict:
    figures = system_figures([unit.pk], [quarter]).get((unit.pk, quarter))
    if not figures:
        raise OnestopError(
            _("Hệ thống một cửa chưa gửi số liệu %(period)s của %(unit)s.")
            % {"period": quarter.label, "unit": unit.name}
        )
    return figures


@transaction.atomic
def system_accept(*, unit, year: int, quarter: int, codes, version: int, by):
    """Write the system's figures of ``codes`` into the ward's report (created as a
    draft if needed). Raises the report services' errors (ReportInvalid with the
    catalogue's messages, ReportConflict, ReportNotEditable, ReportForbidden) or
    OnestopError; writes nothing then."""
    period = Quarter(year, quarter)
    chosen = set(codes)
    # A total whose parts are accepted too is left to be their sum (as the form leaves it), not typed beside them.
    codes = [c for c in COVERED if c in chosen and not (c in TOTALS and chosen.issuperset(TOTALS[c]))]
    if not codes:
        raise OnestopError(_("Chưa chọn chỉ tiêu nào để nhận từ hệ thống."))
    figures = _figures(unit, period)
    illustrative = any(figures[c].illustrative for c in codes)
    report, changes = report_services.report_write(
        unit=unit,
        year=year,
        quarter=quarter,
        version=version,
        by=by,
        raw={c: figures[c].value for c in codes},
        confirm_warnings=True,
        origin=Origin.DEMO if illustrative else Origin.SYSTEM,
        reason=_("Nhận số liệu từ hệ thống một cửa") + (f" ({_('minh họa')})" if illustrative else ""),
    )
    return report, changes


@transaction.atomic
def system_override(*, unit, year: int, quarter: int, code: str, reason: str, by) -> Override:
    """The ward keeps its own figure for ``code``: the reason is stored with both figures."""
    require(
        by, Do.WRITE_FIGURES, unit.pk, _("Bạn không có quyền giải trình số liệu của %(unit)s.") % {"unit": unit.name}
    )
    reason = (reason or "").strip()
    if code not in COVERED:
        raise OnestopError(_("Chỉ tiêu “%(code)s” không có số liệu từ hệ thống.") % {"code": code})
    if not reason:
        raise OnestopError(_("Hãy ghi lý do giữ số liệu của đơn vị."))
    if len(reason) > NOTE_CHARS:
        raise OnestopError(_("Lý do dài quá %(n)s ký tự.") % {"n": NOTE_CHARS})
    period = Quarter(year, quarter)
    figure = _figures(unit, period)[code]
    report = QuarterlyReport.objects.filter(unit=unit, year=year, quarter=quarter).first()
    current = raw_values([report.pk]).get(report.pk, {}) if report else {}
    rv = current.get(code)
    return Override.objects.create(
        unit=unit,
        year=year,
        quarter=quarter,
        indicator=Indicator.objects.get(code=code),
        system_value=figure.value,
        reported_value=rv.value if rv is not None else None,
        reason=reason,
        by=by,
        at=timezone.now(),
    )
