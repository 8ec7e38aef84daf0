"""The quarterly values sheet in the Excel pipeline: a row per ward and
quarter, a column per entered indicator (the template of ``workbook``).

Each row is validated by digital_metrics.catalogue.validation through
reports.values.plan_values, the same path as the form and the API, and asks
reports.state whether its report can be written. The plan reads in a constant
number of queries per quarter present in the file, whatever the number of
rows (10.047 communes included); apply writes in batches (reports.batch).
"""

from collections import defaultdict

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digital_metrics.catalogue.selectors import Catalogue, catalogue
from digital_metrics.catalogue.validation import WARNING
from digital_metrics.choices import AuditSource
from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.reports import batch
from digital_metrics.reports.errors import ImportConflict
from digital_metrics.reports.excel import pipeline
from digital_metrics.reports.excel.workbook import KEY_COLUMNS, VALUES_SHEET
from digital_metrics.reports.state import Locks, ReportState, can_report
from digital_metrics.reports.values import breakdown_issues, plan_values, stored
from wards.access import Do, access_for

CHUNK = 500  # rows written per round of bulk statements


def read_workbook(data: bytes, *, on_row=None):
    return pipeline.read_sheet(data, VALUES_SHEET, required=["unit_code", "year", "quarter"], on_row=on_row)


def _values_of_period(period: Quarter, cat: Catalogue) -> dict[int, dict[str, ReportValue]]:
    """{unit id: {code: ReportValue}} for every report of the quarter (1 query)."""
    out: dict[int, dict[str, ReportValue]] = defaultdict(dict)
    rows = ReportValue.objects.filter(report__year=period.year, report__quarter=period.quarter).values_list(
        "pk", "report_id", "report__unit_id", "indicator_id", "value", "text_value", "bound"
    )
    for pk, report_id, unit_id, indicator_id, value, text, bound in rows.iterator(chunk_size=5000):
        code = cat.code_of.get(indicator_id)
        if code:
            out[unit_id][code] = ReportValue(
                pk=pk, report_id=report_id, indicator_id=indicator_id, value=value, text_value=text, bound=bound
            )
    return out


def _version_problem(report, version, *, has_version_column: bool, unit) -> str:
    """A sheet made from our template carries the version each row was read
    at; a hand-made sheet without that column opts out of the check."""
    if report is not None and version is None and has_version_column:
        # The template had no report for this row; someone created one since.
        return _("Báo cáo của %(unit)s đã được tạo sau khi tải mẫu (nay là phiên bản %(now)s): tải mẫu mới.") % {
            "unit": unit.name,
            "now": report.version,
        }
    if report is not None and version is not None and version != report.version:
        return _(
            "Báo cáo của %(unit)s đã được sửa sau khi tải mẫu (phiên bản %(read)s, nay là %(now)s): tải mẫu mới."
        ) % {"unit": unit.name, "read": version, "now": report.version}
    return ""


def plan_import(sheet, *, by, notation: str = "vi") -> pipeline.ImportPlan:
    plan = pipeline.ImportPlan(issues=list(sheet.problems))
    if plan.errors:
        return plan
    access = access_for(by)
    cat = Catalogue()
    key_cols = set(KEY_COLUMNS)
    for code in sheet.letters:
        if code not in key_cols and (code not in cat.by_code or not cat.by_code[code].is_entered):
            message = _("Cột “%(code)s” không phải là chỉ tiêu nhập được.") % {"code": code}
            plan.issues.append(sheet.issue(2, code, message))
    if plan.errors:
        return plan

    def issue(row, code, message, severity="error"):
        plan.issues.append(sheet.issue(row, code, message, severity))

    # Group rows by quarter, so that each quarter is read in a fixed number of queries.
    by_period: dict[Quarter, list] = defaultdict(list)
    for number, cells in sheet.rows:
        plan.row_count += 1
        period, column, why = pipeline.period_of(cells)
        if period is None:
            issue(number, column, why)
            continue
        by_period[period].append((number, cells))

    has_version_column = "version" in sheet.letters
    today = timezone.localdate()
    locks = Locks(by_period)
    for period, rows in sorted(by_period.items()):
        units = pipeline.communes_during(period)
        reports = {r.unit_id: r for r in QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter)}
        values = _values_of_period(period, cat)
        previous = {
            uid: {c: stored(rv, cat) for c, rv in vals.items()}
            for uid, vals in _values_of_period(period.previous(), cat).items()
        }
        seen: dict[int, int] = {}
        for number, cells in rows:
            code = pipeline.unit_code_of(cells.get("unit_code"))
            unit = units.get(code)
            if unit is None:
                message = _("Không có đơn vị cấp xã mã “%(code)s” trong %(period)s.") % {"code": code, "period": period}
                issue(number, "unit_code", message)
                continue
            if not access.can(Do.WRITE_FIGURES, unit.pk):
                issue(number, "unit_code", _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name})
                continue
            if unit.pk in seen:
                message = _("%(unit)s, %(period)s đã có ở dòng %(row)s.") % {
                    "unit": unit.name,
                    "period": period,
                    "row": seen[unit.pk],
                }
                issue(number, "unit_code", message)
                continue
            seen[unit.pk] = number
            report = reports.get(unit.pk)
            why = (
                can_report(unit, period, today)
                or ReportState(period, report, locks.of(unit.pk, period), today).refusal()
            )
            if why:
                issue(number, "quarter", f"{unit.name}: {why}")
                continue
            why = _version_problem(
                report, pipeline.parse_int(cells.get("version")), has_version_column=has_version_column, unit=unit
            )
            if why:
                issue(number, "version", why)
                continue
            raw = {c: v for c, v in cells.items() if c not in key_cols}
            current_rows = values.get(unit.pk, {})
            current = {c: stored(rv, cat) for c, rv in current_rows.items()}
            cleaned, changes, warnings = plan_values(
                raw=raw, cat=cat, current=current, previous=previous.get(unit.pk), notation=notation
            )
            refused = breakdown_issues(report, raw, current, cat)
            for err in refused + cleaned.errors:
                issue(number, err.field, f"{unit.name}: {err.message}")
            for warn in warnings:
                issue(number, warn.field, f"{unit.name}: {warn.message}", WARNING)
            if cleaned.is_valid and not refused:
                plan.targets.append(batch.Target(unit, period, report, changes, current_rows, row=number))
    return plan


@transaction.atomic
def apply_import(
    plan: pipeline.ImportPlan, *, by, versions: dict[str, int] | None = None, source=AuditSource.EXCEL
) -> dict:
    """Write every change of a plan without errors, or nothing. ``versions``
    are those shown in the preview: a report written since is a conflict."""
    if plan.errors:
        raise ImportConflict(_("Tệp còn lỗi, chưa ghi gì."))
    targets = plan.changed
    expected = {int(k): v for k, v in (versions or plan.versions()).items()}
    batch.check_versions(targets, expected)
    created = sum(1 for t in targets if t.report is None)
    now = timezone.now()
    cat = Catalogue()
    # Written in chunks of rows, so that memory stays flat whatever the size
    # of the sheet; the transaction still covers all of them.
    for start in range(0, len(targets), CHUNK):
        batch.write_values(targets[start : start + CHUNK], by=by, now=now, cat=cat, expected=expected, source=source)
    return {
        "reports_created": created,
        "reports_updated": len(targets) - created,
        "values_changed": plan.change_count,
    }


class ValuesImporter(pipeline.SheetImporter):
    key = "values"
    upload_url = "reports:import"
    confirm_url = "reports:import_confirm"
    title = gettext_lazy("Nhập số liệu từ Excel")
    intro = gettext_lazy(
        "Tải mẫu từ trang báo cáo (một đơn vị) hoặc từ trang chủ, điền số liệu rồi tải lên. "
        "Cổng sẽ hiển thị mọi thay đổi và mọi lỗi trước khi ghi."
    )
    changes_template = "digital_metrics/_import_value_changes.html"

    def plan(self, data: bytes, *, by, notation: str = "vi", on_row=None) -> pipeline.ImportPlan:
        return plan_import(read_workbook(data, on_row=on_row), by=by, notation=notation)

    def apply(self, plan: pipeline.ImportPlan, *, by, versions: dict[str, int]) -> str:
        result = apply_import(plan, by=by, versions=versions)
        return _("Đã ghi %(values)s giá trị: %(created)s báo cáo mới, %(updated)s báo cáo được cập nhật.") % {
            "values": result["values_changed"],
            "created": result["reports_created"],
            "updated": result["reports_updated"],
        }

    def preview_context(self, plan: pipeline.ImportPlan) -> dict:
        return {
            "by_code": {i.code: i for i in catalogue()},
            "summary": _("%(rows)s dòng; %(changed)s báo cáo có thay đổi; %(values)s giá trị sẽ được ghi.")
            % {"rows": plan.row_count, "changed": len(plan.changed), "values": plan.change_count},
        }
