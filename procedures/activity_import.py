"""Import of the per-procedure detail, as the one-stop software exports it: a
sheet "Chi tiết thủ tục" with a row per ward, quarter and procedure. The
detail of each (ward, quarter) in the file replaces the report's detail, so
that "28 procedures in 7 fields had online dossiers" is counted, not typed.

Plan (every change and error by sheet, row and column; nothing written), then
apply (all in one transaction, or nothing), like the values import of
digital_metrics.imports, whose checks on the upload it reuses.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from digital_metrics import services
from digital_metrics.choices import AuditAction
from digital_metrics.imports import ImportConflict, ImportIssue, communes_during, parse_int, unit_code_of
from digital_metrics.models import AuditEntry, PeriodLock, QuarterlyReport
from digital_metrics.periods import Quarter
from procedures.models import Procedure, ProcedureActivity
from wards.access import access_for

SHEET = "Chi tiết thủ tục"
COLUMNS = ["unit_code", "year", "quarter", "procedure_code", "online_dossiers", "paid_online_dossiers"]


@dataclass
class GroupPlan:
    unit: object
    period: Quarter
    report: QuarterlyReport | None
    rows: dict[str, tuple[int, int]]  # procedure code → (online, paid)
    before: dict[str, tuple[int, int]]

    @property
    def changed(self) -> bool:
        return self.rows != self.before


@dataclass
class ActivityPlan:
    groups: list[GroupPlan] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    row_count: int = 0

    @property
    def errors(self):
        return self.issues

    @property
    def changed_groups(self):
        return [g for g in self.groups if g.changed]

    def versions(self) -> dict[str, int]:
        return {str(g.report.pk): g.report.version for g in self.groups if g.report is not None}


def read_rows(wb) -> tuple[list[tuple[int, dict]], dict[str, str], list[ImportIssue]]:
    if SHEET not in wb.sheetnames:
        return [], {}, [ImportIssue(SHEET, 0, "", "", _("Không có trang tính “%(s)s”.") % {"s": SHEET})]
    rows = wb[SHEET].iter_rows(values_only=True)
    next(rows, None)
    codes = [str(c).strip() if c not in (None, "") else "" for c in (next(rows, None) or ())]
    letters = {c: get_column_letter(i + 1) for i, c in enumerate(codes) if c}
    missing = [c for c in COLUMNS if c not in letters]
    if missing:
        return (
            [],
            letters,
            [ImportIssue(SHEET, 2, "", "", _("Thiếu cột bắt buộc: %(cols)s.") % {"cols": ", ".join(missing)})],
        )
    out = []
    for number, row in enumerate(rows, start=3):
        if row is None or all(v in (None, "") for v in row):
            continue
        out.append((number, {codes[i]: v for i, v in enumerate(row) if i < len(codes) and codes[i]}))
    return out, letters, []


def plan_activity(wb, *, by) -> ActivityPlan:
    plan = ActivityPlan()
    rows, letters, problems = read_rows(wb)
    plan.issues.extend(problems)
    if problems:
        return plan
    access = access_for(by)
    procedures = {p.code: p for p in Procedure.objects.only("pk", "code")}

    def issue(number, column, message):
        plan.issues.append(ImportIssue(SHEET, number, letters.get(column, ""), column, message))

    grouped: dict[tuple, dict[str, tuple[int, int]]] = defaultdict(dict)
    first_row: dict[tuple, int] = {}
    unit_objs: dict[int, object] = {}
    units_by_period: dict[Quarter, dict] = {}
    for number, cells in rows:
        plan.row_count += 1
        year, quarter = parse_int(cells.get("year")), parse_int(cells.get("quarter"))
        if year is None or quarter not in (1, 2, 3, 4):
            issue(number, "quarter", _("Năm hoặc quý không hợp lệ."))
            continue
        period = Quarter(year, quarter)
        if period not in units_by_period:
            units_by_period[period] = communes_during(period)
        code = unit_code_of(cells.get("unit_code"))
        unit = units_by_period[period].get(code)
        if unit is None:
            issue(
                number,
                "unit_code",
                _("Không có đơn vị cấp xã mã “%(code)s” trong %(period)s.") % {"code": code, "period": period},
            )
            continue
        if not access.can_write_unit_figures(unit.pk):
            issue(number, "unit_code", _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name})
            continue
        proc_code = str(cells.get("procedure_code") or "").strip()
        if proc_code not in procedures:
            issue(number, "procedure_code", _("Không có thủ tục mã “%(code)s” trong danh mục.") % {"code": proc_code})
            continue
        online, paid = parse_int(cells.get("online_dossiers")), parse_int(cells.get("paid_online_dossiers") or 0)
        if online is None:
            issue(
                number,
                "online_dossiers",
                _("Hồ sơ trực tuyến phải là số nguyên không âm (đã nhập: %(v)s).")
                % {"v": cells.get("online_dossiers")},
            )
            continue
        if paid is None:
            issue(
                number,
                "paid_online_dossiers",
                _("Hồ sơ thanh toán trực tuyến phải là số nguyên không âm (đã nhập: %(v)s).")
                % {"v": cells.get("paid_online_dossiers")},
            )
            continue
        if paid > online:
            issue(
                number,
                "paid_online_dossiers",
                _("Hồ sơ thanh toán trực tuyến (%(paid)s) không được lớn hơn hồ sơ trực tuyến (%(online)s).")
                % {"paid": paid, "online": online},
            )
            continue
        key = (unit.pk, period)
        if proc_code in grouped[key]:
            issue(
                number,
                "procedure_code",
                _("Thủ tục “%(code)s” của %(unit)s đã có ở dòng trên.") % {"code": proc_code, "unit": unit.name},
            )
            continue
        grouped[key][proc_code] = (online, paid)
        first_row.setdefault(key, number)
        unit_objs[unit.pk] = unit
    locks = {(lk.year, lk.quarter) for lk in PeriodLock.objects.all()}
    for (unit_id, period), detail in grouped.items():
        unit, number = unit_objs[unit_id], first_row[(unit_id, period)]
        report = QuarterlyReport.objects.filter(unit_id=unit_id, year=period.year, quarter=period.quarter).first()
        if report is not None and report.status not in services.EDITABLE:
            issue(
                number,
                "unit_code",
                _("Báo cáo %(period)s của %(unit)s đang “%(status)s”, không sửa được.")
                % {"period": period, "unit": unit.name, "status": report.get_status_display()},
            )
            continue
        if (period.year, period.quarter) in locks and not (report is not None and report.lock_exempt):
            issue(number, "quarter", _("%(period)s đã bị khóa.") % {"period": period})
            continue
        before = {}
        if report is not None:
            before = {
                code: (n, paid)
                for code, n, paid in ProcedureActivity.objects.filter(report=report).values_list(
                    "procedure__code", "online_dossiers", "paid_online_dossiers"
                )
            }
        plan.groups.append(GroupPlan(unit, period, report, detail, before))
    return plan


@transaction.atomic
def apply_activity(plan: ActivityPlan, *, by, versions: dict[str, int]) -> int:
    """Replace the detail of every changed (ward, quarter), or nothing."""
    if plan.errors:
        raise ImportConflict(_("Tệp còn lỗi, chưa ghi gì."))
    procedures = {p.code: p for p in Procedure.objects.only("pk", "code")}
    now = timezone.now()
    for group in plan.changed_groups:
        if group.report is None:
            report, _created = services.report_start(
                unit=group.unit, year=group.period.year, quarter=group.period.quarter, by=by
            )
            version = report.version
        else:
            report = group.report
            version = versions.get(str(report.pk), -1)
        try:
            new_version = services.claim_report(report, version=version, by=by)
        except services.ReportConflict as exc:
            raise ImportConflict(exc.message) from exc
        ProcedureActivity.objects.filter(report=report).delete()
        ProcedureActivity.objects.bulk_create(
            ProcedureActivity(report=report, procedure=procedures[code], online_dossiers=n, paid_online_dossiers=paid)
            for code, (n, paid) in group.rows.items()
        )
        AuditEntry.objects.bulk_create(
            AuditEntry(
                report=report, year=report.year, quarter=report.quarter, action=AuditAction.VALUE,
                indicator_code=f"procedure:{code}",
                before="" if code not in group.before else f"{group.before[code][0]} ({group.before[code][1]})",
                after="" if code not in group.rows else f"{group.rows[code][0]} ({group.rows[code][1]})",
                version=new_version, source="excel", at=now, by=by,
            )
            for code in sorted(set(group.rows) | set(group.before))
            if group.rows.get(code) != group.before.get(code)
        )  # fmt: skip
    return len(plan.changed_groups)
