"""The per-procedure detail, as the one-stop software exports it, in the Excel
pipeline of digital_metrics: a sheet "Chi tiết thủ tục" with a row per ward,
quarter and procedure. The detail of each (ward, quarter) in the file
replaces the report's detail, so that "28 procedures in 7 fields had online
dossiers" is counted, not typed.

The plan reads a fixed number of queries per quarter in the file; the apply
writes every changed (ward, quarter) in one transaction, or nothing.
"""

import io
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from core import exports
from digital_metrics.choices import AuditSource
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports import audit, batch
from digital_metrics.reports.errors import ImportConflict
from digital_metrics.reports.excel import pipeline
from digital_metrics.reports.state import Locks, ReportState, can_report
from procedures.choices import OnlineLevel
from procedures.models import Procedure, ProcedureActivity
from wards.access import Do, access_for

SHEET = "Chi tiết thủ tục"
COLUMNS = ["unit_code", "year", "quarter", "procedure_code", "online_dossiers", "paid_online_dossiers"]


@dataclass(eq=False)
class ActivityTarget(batch.Target):
    rows: dict[str, tuple[int, int]] = field(default_factory=dict)  # procedure code → (online, paid)
    before: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def has_changes(self) -> bool:
        return self.rows != self.before


def _shown(detail: dict[str, tuple[int, int]]) -> dict[str, str]:
    """How a procedure's counts read in the audit: "12 (3)", online (paid online)."""
    return {code: f"{n} ({paid})" for code, (n, paid) in detail.items()}


def _counts(sheet, number: int, cells: dict):
    """(online, paid) of a row, or the issue that refuses it."""
    online, paid = (
        pipeline.parse_int(cells.get("online_dossiers")),
        pipeline.parse_int(cells.get("paid_online_dossiers") or 0),
    )
    if online is None:
        return sheet.issue(
            number,
            "online_dossiers",
            _("Hồ sơ trực tuyến phải là số nguyên không âm (đã nhập: %(v)s).") % {"v": cells.get("online_dossiers")},
        )
    if paid is None:
        return sheet.issue(
            number,
            "paid_online_dossiers",
            _("Hồ sơ thanh toán trực tuyến phải là số nguyên không âm (đã nhập: %(v)s).")
            % {"v": cells.get("paid_online_dossiers")},
        )
    if paid > online:
        return sheet.issue(
            number,
            "paid_online_dossiers",
            _("Hồ sơ thanh toán trực tuyến (%(paid)s) không được lớn hơn hồ sơ trực tuyến (%(online)s).")
            % {"paid": paid, "online": online},
        )
    return online, paid


def plan_activity(sheet, *, by) -> pipeline.ImportPlan:
    plan = pipeline.ImportPlan(issues=list(sheet.problems))
    if plan.errors:
        return plan
    access = access_for(by)
    procedures = set(Procedure.objects.values_list("code", flat=True))
    grouped: dict[tuple[int, Quarter], dict[str, tuple[int, int]]] = defaultdict(dict)
    first_row: dict[tuple[int, Quarter], int] = {}
    units_by_period: dict[Quarter, dict] = {}
    unit_of: dict[int, object] = {}
    for number, cells in sheet.rows:
        plan.row_count += 1
        period, column, why = pipeline.period_of(cells)
        if period is None:
            plan.issues.append(sheet.issue(number, column, why))
            continue
        if period not in units_by_period:
            units_by_period[period] = pipeline.communes_during(period)
        code = pipeline.unit_code_of(cells.get("unit_code"))
        unit = units_by_period[period].get(code)
        if unit is None:
            message = _("Không có đơn vị cấp xã mã “%(code)s” trong %(period)s.") % {"code": code, "period": period}
            plan.issues.append(sheet.issue(number, "unit_code", message))
            continue
        if not access.can(Do.WRITE_FIGURES, unit.pk):
            message = _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name}
            plan.issues.append(sheet.issue(number, "unit_code", message))
            continue
        proc_code = str(cells.get("procedure_code") or "").strip()
        if proc_code not in procedures:
            message = _("Không có thủ tục mã “%(code)s” trong danh mục.") % {"code": proc_code}
            plan.issues.append(sheet.issue(number, "procedure_code", message))
            continue
        counts = _counts(sheet, number, cells)
        if not isinstance(counts, tuple):
            plan.issues.append(counts)
            continue
        key = (unit.pk, period)
        if proc_code in grouped[key]:
            message = _("Thủ tục “%(code)s” của %(unit)s đã có ở dòng trên.") % {"code": proc_code, "unit": unit.name}
            plan.issues.append(sheet.issue(number, "procedure_code", message))
            continue
        grouped[key][proc_code] = counts
        first_row.setdefault(key, number)
        unit_of[unit.pk] = unit
    if not grouped:
        return plan
    # Each quarter's reports and their detail in two queries, whatever the number of wards.
    periods = sorted({period for _unit, period in grouped})
    locks = Locks(periods)
    today = timezone.localdate()
    reports: dict[tuple[int, Quarter], QuarterlyReport] = {}
    for period in periods:
        unit_ids = [u for u, p in grouped if p == period]
        for r in QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter, unit_id__in=unit_ids):
            reports[(r.unit_id, period)] = r
    before: dict[int, dict[str, tuple[int, int]]] = defaultdict(dict)
    rows = ProcedureActivity.objects.filter(report__in=[r.pk for r in reports.values()]).values_list(
        "report_id", "procedure__code", "online_dossiers", "paid_online_dossiers"
    )
    for report_id, code, n, paid in rows:
        before[report_id][code] = (n, paid)
    for (unit_id, period), detail in grouped.items():
        unit, report = unit_of[unit_id], reports.get((unit_id, period))
        why = can_report(unit, period, today) or ReportState(period, report, locks.of(unit_id, period), today).refusal()
        if why:
            plan.issues.append(sheet.issue(first_row[(unit_id, period)], "quarter", f"{unit.name}: {why}"))
            continue
        plan.targets.append(
            ActivityTarget(
                unit, period, report, row=first_row[(unit_id, period)], rows=detail,
                before=before.get(report.pk, {}) if report else {},
            )
        )  # fmt: skip
    return plan


@transaction.atomic
def apply_activity(plan: pipeline.ImportPlan, *, by, versions: dict[str, int]) -> int:
    """Replace the detail of every changed (ward, quarter), or nothing."""
    if plan.errors:
        raise ImportConflict(_("Tệp còn lỗi, chưa ghi gì."))
    targets = plan.changed
    expected = {int(k): v for k, v in versions.items()}
    batch.check_versions(targets, expected)
    now = timezone.now()
    entries = batch.open_reports(targets, by=by, now=now, expected=expected, source=AuditSource.EXCEL)
    procedures = dict(Procedure.objects.values_list("code", "pk"))
    ProcedureActivity.objects.filter(report__in=[t.report.pk for t in targets]).delete()
    ProcedureActivity.objects.bulk_create(
        (
            ProcedureActivity(
                report=t.report, procedure_id=procedures[code], online_dossiers=n, paid_online_dossiers=paid
            )
            for t in targets
            for code, (n, paid) in t.rows.items()
        ),
        batch_size=2000,
    )
    for t in targets:
        stamp = audit.Stamp(by, now, t.report.version, AuditSource.EXCEL)
        entries += audit.detail_changes(
            t.report, stamp, prefix="procedure", before=_shown(t.before), after=_shown(t.rows)
        )
    audit.save(entries)
    return len(targets)


class ActivityImporter(pipeline.SheetImporter):
    key = "activity"
    upload_url = "procedures:activity_import"
    confirm_url = "procedures:activity_confirm"
    title = gettext_lazy("Nhập chi tiết hồ sơ theo thủ tục")
    intro = format_lazy(
        gettext_lazy(
            "Tệp xuất từ phần mềm một cửa: trang tính “{sheet}”, dòng 1 là tiêu đề, dòng 2 là mã cột, mỗi dòng "
            "sau là một thủ tục của một đơn vị trong một quý. Chi tiết của mỗi đơn vị, quý trong tệp thay thế "
            "chi tiết đã có."
        ),
        sheet=SHEET,
    )
    columns = COLUMNS
    changes_template = "procedures/_activity_changes.html"

    def plan(self, data: bytes, *, by, notation: str = "vi", on_row=None) -> pipeline.ImportPlan:
        return plan_activity(pipeline.read_sheet(data, SHEET, required=COLUMNS, on_row=on_row), by=by)

    def apply(self, plan: pipeline.ImportPlan, *, by, versions: dict[str, int]) -> str:
        return _("Đã ghi chi tiết thủ tục của %(n)s báo cáo.") % {"n": apply_activity(plan, by=by, versions=versions)}

    def preview_context(self, plan: pipeline.ImportPlan) -> dict:
        return {
            "summary": _("%(rows)s dòng; chi tiết của %(n)s báo cáo sẽ được thay.")
            % {"rows": plan.row_count, "n": len(plan.changed)}
        }


def activity_template(*, unit, period: Quarter, report) -> bytes:
    """The sheet a clerk fills for one ward and quarter, read back by
    ActivityImporter: row 1 the titles, row 2 the column codes, then the
    detail already held (none for a quarter not started), and a second sheet
    listing the procedures that can be done online, with their codes to copy."""
    titles = [
        _("Mã ĐVHC"),
        _("Năm"),
        _("Quý"),
        _("Mã thủ tục"),
        _("Hồ sơ trực tuyến"),
        _("Hồ sơ thanh toán trực tuyến"),
    ]
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET
    ws.append([exports.cell(t) for t in titles])
    ws.append(COLUMNS)
    for cell in ws[1]:
        cell.font, cell.fill = Font(bold=True, color="FFFFFF"), PatternFill("solid", fgColor="0D6EFD")
    for cell in ws[2]:
        cell.font = Font(color="888888", size=8)
    held = (
        ProcedureActivity.objects.filter(report=report).select_related("procedure").order_by("procedure__code")
        if report is not None
        else []
    )
    for row in held:
        ws.append(
            [unit.code, period.year, period.quarter, row.procedure.code, row.online_dossiers, row.paid_online_dossiers]
        )
    for letter, width in zip("ABCDEF", (12, 8, 6, 18, 16, 22), strict=True):
        ws.column_dimensions[letter].width = width
    ref = wb.create_sheet(_("Danh mục thủ tục"))
    ref.append([exports.cell(t) for t in (_("Mã thủ tục"), _("Tên thủ tục"), _("Lĩnh vực"), _("Mức độ trực tuyến"))])
    for cell in ref[1]:
        cell.font = Font(bold=True)
    online = Procedure.objects.filter(is_active=True).exclude(online_level=OnlineLevel.DIRECT).select_related("field")
    for proc in online:
        ref.append(
            [proc.code, exports.cell(proc.name), exports.cell(proc.field.name), str(proc.get_online_level_display())]
        )
    ref.column_dimensions["A"].width, ref.column_dimensions["B"].width = 20, 80
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
