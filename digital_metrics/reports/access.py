"""Finding a report for a request: by unit code and quarter, through the one
access entry point (QuarterlyReport.objects.for_user). Outsiders get 404 (a
draft's existence is not disclosed); readers who may not act get 403."""

from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports.state import ReportState, state_of
from wards.access import Access, Do, access_for
from wards.choices import Level
from wards.models import AdministrativeUnit
from wards.selectors import unit_by_code


@dataclass
class Located:
    """A unit's quarter as one user meets it: the report (if any), its state,
    and what this user may do with it now. Pages show only these actions."""

    unit: AdministrativeUnit
    period: Quarter
    report: QuarterlyReport | None
    access: Access
    user: object = None

    @cached_property
    def state(self) -> ReportState:
        return state_of(period=self.period, report=self.report, unit_id=self.unit.pk)

    @property
    def can_write(self) -> bool:
        return self.access.can(Do.WRITE_FIGURES, self.unit.pk)

    @property
    def can_manage(self) -> bool:
        return self.access.can(Do.REVIEW, self.unit.pk)

    @property
    def can_edit(self) -> bool:
        """Enter or correct figures now."""
        return self.can_write and self.state.is_editable

    @property
    def can_submit(self) -> bool:
        return self.can_edit and self.report is not None

    @property
    def can_review(self) -> bool:
        """Approve or return a submitted report."""
        return self.can_manage and self.state.is_submitted

    @property
    def can_reopen(self) -> bool:
        return self.can_manage and not self.state.is_submitted and self.state.can_reopen


def unit_for_period(code: str, period: Quarter) -> AdministrativeUnit:
    """The commune-level unit bearing ``code`` during ``period`` (codes were
    reused by the 2025 reform), or 404."""
    unit = unit_by_code(code, period.end)
    if unit.level != Level.COMMUNE or not unit.existed_during(period.start, period.end):
        raise Http404(_("Không có đơn vị cấp xã mang mã %(code)s trong %(period)s.") % {"code": code, "period": period})
    return unit


def locate(user, code: str, year: int, quarter: int, *, action: str = "view") -> Located:
    try:
        period = Quarter(int(year), int(quarter))
    except ValueError as exc:
        raise Http404(str(exc)) from exc
    unit = unit_for_period(code, period)
    access = access_for(user)
    report = (
        QuarterlyReport.objects.for_user(user, "view")
        .filter(unit=unit, year=period.year, quarter=period.quarter)
        .select_related("unit", "submitted_by", "approved_by", "returned_by", "updated_by")
        .first()
    )
    if report is None and not (access.can(Do.READ_DRAFTS, unit.pk) or access.can(Do.WRITE_FIGURES, unit.pk)):
        raise Http404(_("Không có báo cáo này hoặc bạn không được xem."))
    found = Located(unit, period, report, access, user)
    if action == "change" and not found.can_write:
        raise PermissionDenied(_("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name})
    if action == "manage" and not found.can_manage:
        raise PermissionDenied(_("Chỉ quản trị của cơ quan cấp trên mới được thực hiện thao tác này."))
    return found
