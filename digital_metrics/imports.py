"""Importing quarterly values from an Excel sheet: plan (every change and
every error, by sheet, row and column, nothing written), then apply (all of
it in one transaction, or nothing).

Each row is validated by digital_metrics.validation.validate through
services.plan_values, the same path as the form and the API. The plan reads
in a constant number of queries per quarter present in the file, whatever the
number of rows (10.047 communes included), and apply writes in batches.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from digital_metrics.choices import AuditAction, ReportStatus, ValueType
from digital_metrics.excel import VALUES_SHEET, ReadBook
from digital_metrics.models import AuditEntry, PeriodLock, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.services import (
    EDITABLE,
    Catalogue,
    Change,
    ReportError,
    _canonical,
    _flush_values,
    _write_changes,
    breakdown_issues,
    plan_values,
)
from wards.access import access_for
from wards.models import AdministrativeUnit

ERROR, WARNING = "error", "warning"
CHUNK = 500  # rows written per round of bulk statements


@dataclass
class ImportIssue:
    sheet: str
    row: int
    column: str  # the Excel column letter, "" for the whole row
    field: str  # indicator code or column code
    message: str
    severity: str = ERROR


@dataclass
class RowPlan:
    row: int
    unit: AdministrativeUnit
    period: Quarter
    report: QuarterlyReport | None
    changes: list[Change]
    current: dict  # code → ReportValue, for the writes


@dataclass
class ImportPlan:
    rows: list[RowPlan] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    row_count: int = 0

    @property
    def errors(self):
        return [i for i in self.issues if i.severity == ERROR]

    @property
    def warnings(self):
        return [i for i in self.issues if i.severity == WARNING]

    @property
    def changed_rows(self):
        return [r for r in self.rows if r.changes]

    @property
    def change_count(self) -> int:
        return sum(len(r.changes) for r in self.rows)

    def versions(self) -> dict[str, int]:
        """{report id: version} as planned, to detect a write between preview and confirm."""
        return {str(r.report.pk): r.report.version for r in self.rows if r.report is not None}


class ImportConflict(ReportError):
    pass


def parse_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def unit_code_of(value) -> str:
    if isinstance(value, int | float):
        return str(int(value)).zfill(5)  # Excel turned 01855 into 1855
    return str(value or "").strip()


def communes_during(period: Quarter) -> dict[str, AdministrativeUnit]:
    """The commune-level units that existed during the quarter, by code (1 query)."""
    qs = AdministrativeUnit.objects.communes().existed_during(period.start, period.end)
    return {u.code: u for u in qs.only("pk", "code", "name", "valid_from", "valid_to", "level")}


def _values_of_period(period: Quarter, cat: Catalogue) -> dict[int, dict[str, ReportValue]]:
    """{unit id: {code: ReportValue}} for every report of the quarter (1 query)."""
    out: dict[int, dict[str, ReportValue]] = defaultdict(dict)
    rows = ReportValue.objects.filter(report__year=period.year, report__quarter=period.quarter).values_list(
        "pk", "report_id", "report__unit_id", "indicator_id", "value", "text_value"
    )
    for pk, report_id, unit_id, indicator_id, value, text in rows.iterator(chunk_size=5000):
        code = cat.code_of.get(indicator_id)
        if code:
            out[unit_id][code] = ReportValue(
                pk=pk, report_id=report_id, indicator_id=indicator_id, value=value, text_value=text
            )
    return out


def _stored(rv: ReportValue, cat: Catalogue):
    return rv.text_value if cat.by_code[cat.code_of[rv.indicator_id]].value_type == ValueType.TEXT else rv.value


def plan_import(book: ReadBook, *, by) -> ImportPlan:
    plan = ImportPlan()
    for sheet, row, column, message in book.problems:
        plan.issues.append(ImportIssue(sheet, row, column, "", message))
    if plan.errors:
        return plan
    access = access_for(by)
    cat = Catalogue()
    letters = book.columns.get(VALUES_SHEET, {})
    key_cols = {"unit_code", "unit_name", "year", "quarter", "version"}
    for code in letters:
        if code not in key_cols and (code not in cat.by_code or not cat.by_code[code].is_entered):
            plan.issues.append(
                ImportIssue(
                    VALUES_SHEET,
                    2,
                    letters[code],
                    code,
                    _("Cột “%(code)s” không phải là chỉ tiêu nhập được.") % {"code": code},
                )
            )
    if plan.errors:
        return plan

    def issue(row, code, message, severity=ERROR):
        plan.issues.append(ImportIssue(VALUES_SHEET, row, letters.get(code, ""), code, message, severity))

    # Group rows by quarter, so that each quarter is read in a fixed number of queries.
    by_period: dict[Quarter, list] = defaultdict(list)
    for srow in book.values:
        plan.row_count += 1
        year, quarter = parse_int(srow.cells.get("year")), parse_int(srow.cells.get("quarter"))
        if year is None or not 2000 <= year <= 2100:
            issue(srow.number, "year", _("Năm không hợp lệ (đã nhập: %(v)s).") % {"v": srow.cells.get("year")})
            continue
        if quarter not in (1, 2, 3, 4):
            issue(
                srow.number,
                "quarter",
                _("Quý phải là 1, 2, 3 hoặc 4 (đã nhập: %(v)s).") % {"v": srow.cells.get("quarter")},
            )
            continue
        by_period[Quarter(year, quarter)].append(srow)

    # A sheet made from our template carries the version each row was read at;
    # a hand-made sheet without that column opts out of the check.
    has_version_column = "version" in letters
    today = timezone.localdate()
    for period, srows in sorted(by_period.items()):
        units = communes_during(period)
        reports = {r.unit_id: r for r in QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter)}
        values = _values_of_period(period, cat)
        prev = period.previous()
        previous = {
            uid: {c: _stored(rv, cat) for c, rv in vals.items()} for uid, vals in _values_of_period(prev, cat).items()
        }
        locked = PeriodLock.objects.filter(year=period.year, quarter=period.quarter).exists()
        seen: dict[int, int] = {}
        for srow in srows:
            code = unit_code_of(srow.cells.get("unit_code"))
            unit = units.get(code)
            if unit is None:
                issue(
                    srow.number,
                    "unit_code",
                    _("Không có đơn vị cấp xã mã “%(code)s” trong %(period)s.") % {"code": code, "period": period},
                )
                continue
            if not access.can_write_unit_figures(unit.pk):
                issue(
                    srow.number,
                    "unit_code",
                    _("Bạn không có quyền nhập số liệu của %(unit)s.") % {"unit": unit.name},
                )
                continue
            if period.start > today:
                issue(srow.number, "quarter", _("%(period)s chưa bắt đầu.") % {"period": period})
                continue
            if unit.pk in seen:
                issue(
                    srow.number,
                    "unit_code",
                    _("%(unit)s, %(period)s đã có ở dòng %(row)s.")
                    % {"unit": unit.name, "period": period, "row": seen[unit.pk]},
                )
                continue
            seen[unit.pk] = srow.number
            report = reports.get(unit.pk)
            if report is not None and report.status not in EDITABLE:
                issue(
                    srow.number,
                    "unit_code",
                    _("Báo cáo %(period)s của %(unit)s đang “%(status)s”, không sửa được.")
                    % {"period": period, "unit": unit.name, "status": report.get_status_display()},
                )
                continue
            if locked and not (report is not None and report.lock_exempt):
                issue(srow.number, "quarter", _("%(period)s đã bị khóa.") % {"period": period})
                continue
            version = parse_int(srow.cells.get("version"))
            if report is not None and version is None and has_version_column:
                # The template had no report for this row; someone created one since.
                issue(
                    srow.number,
                    "version",
                    _("Báo cáo của %(unit)s đã được tạo sau khi tải mẫu (nay là phiên bản %(now)s): tải mẫu mới.")
                    % {"unit": unit.name, "now": report.version},
                )
                continue
            if report is not None and version is not None and version != report.version:
                issue(
                    srow.number,
                    "version",
                    _(
                        "Báo cáo của %(unit)s đã được sửa sau khi tải mẫu (phiên bản %(read)s, nay là %(now)s): "
                        "tải mẫu mới."
                    )
                    % {"unit": unit.name, "read": version, "now": report.version},
                )
                continue
            raw = {c: v for c, v in srow.cells.items() if c not in key_cols}
            current_rows = values.get(unit.pk, {})
            current = {c: _stored(rv, cat) for c, rv in current_rows.items()}
            cleaned, changes, warnings = plan_values(
                report=None, raw=raw, cat=cat, current=current, previous=previous.get(unit.pk)
            )
            refused = breakdown_issues(report, raw, current, cat)
            for err in refused + cleaned.errors:
                issue(srow.number, err.field, f"{unit.name}: {err.message}")
            for warn in warnings:
                issue(srow.number, warn.field, f"{unit.name}: {warn.message}", WARNING)
            if cleaned.is_valid and not refused:
                plan.rows.append(RowPlan(srow.number, unit, period, report, changes, current_rows))
    return plan


@transaction.atomic
def apply_import(plan: ImportPlan, *, by, versions: dict[str, int] | None = None, source: str = "excel") -> dict:
    """Write every change of a plan without errors, or nothing. ``versions``
    are those shown in the preview: a report written since is a conflict."""
    if plan.errors:
        raise ImportConflict(_("Tệp còn lỗi, chưa ghi gì."))
    rows = plan.changed_rows
    existing = [r.report.pk for r in rows if r.report is not None]
    expected = {int(k): v for k, v in (versions or plan.versions()).items()}
    # Lock the rows we are about to bump (PostgreSQL); SQLite serialises writers.
    fresh: dict[int, int] = {}
    for start in range(0, len(existing), 2000):
        chunk = existing[start : start + 2000]
        fresh.update(QuarterlyReport.objects.select_for_update().filter(pk__in=chunk).values_list("pk", "version"))
    stale = [r for r in rows if r.report is not None and fresh.get(r.report.pk) != expected.get(r.report.pk)]
    if stale:
        names = ", ".join(sorted({r.unit.name for r in stale})[:10])
        raise ImportConflict(
            _("Có báo cáo đã được sửa trong lúc bạn xem trước (%(units)s): chưa ghi gì, hãy tải lên lại.")
            % {"units": names}
        )
    now = timezone.now()
    cat = Catalogue()
    created = updated = 0
    # Written in chunks of rows, so that memory stays flat whatever the size
    # of the sheet; the transaction still covers all of them.
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        c, u = _write_chunk(chunk, by=by, now=now, cat=cat, expected=expected, source=source)
        created += c
        updated += u
    return {"reports_created": created, "reports_updated": updated, "values_changed": plan.change_count}


def _write_chunk(rows: list[RowPlan], *, by, now, cat, expected, source) -> tuple[int, int]:
    new_reports = [
        QuarterlyReport(unit=r.unit, year=r.period.year, quarter=r.period.quarter, updated_by=by, version=1)
        for r in rows
        if r.report is None
    ]
    QuarterlyReport.objects.bulk_create(new_reports, batch_size=1000)
    if new_reports and new_reports[0].pk is None:  # a backend that returns no ids
        ids = {
            (u, y, q): pk
            for pk, u, y, q in QuarterlyReport.objects.filter(
                unit_id__in=[r.unit_id for r in new_reports], year=new_reports[0].year
            ).values_list("pk", "unit_id", "year", "quarter")
        }
        for r in new_reports:
            r.pk = ids[(r.unit_id, r.year, r.quarter)]
    new_iter = iter(new_reports)
    audits: list[AuditEntry] = []
    bumped: list[QuarterlyReport] = []
    create, update, delete = [], [], []
    for r in rows:
        if r.report is None:
            report = next(new_iter)
            audits.append(
                AuditEntry(report=report, year=report.year, quarter=report.quarter, action=AuditAction.STATUS,
                           after=ReportStatus.DRAFT, version=1, source=source, at=now, by=by)
            )  # fmt: skip
            version = 1
        else:
            report = r.report
            report.version = expected[report.pk] + 1
            report.updated_by, report.updated_at = by, now
            bumped.append(report)
            version = report.version
        c, u, d = _write_changes(report, r.changes, cat, existing=r.current)
        create += c
        update += u
        delete += d
        audits.extend(
            AuditEntry(report=report, year=report.year, quarter=report.quarter, action=AuditAction.VALUE,
                       indicator_code=ch.code, before=_canonical(ch.before), after=_canonical(ch.after),
                       version=version, source=source, at=now, by=by)
            for ch in r.changes
        )  # fmt: skip
    QuarterlyReport.objects.bulk_update(bumped, ["version", "updated_by", "updated_at"], batch_size=1000)
    _flush_values([], update, delete)
    insert_many(ReportValue, ["report", "indicator", "value", "text_value", "bound"],
                ((rv.report_id, rv.indicator_id, rv.value, rv.text_value, rv.bound) for rv in create))  # fmt: skip
    at = AuditEntry._meta.get_field("at").get_db_prep_save(now, connection)
    insert_many(
        AuditEntry,
        ["report", "year", "quarter", "action", "indicator_code", "before", "after", "reason", "version", "source", "at", "by"],
        ((a.report_id, a.year, a.quarter, a.action, a.indicator_code, a.before, a.after, a.reason, a.version,
          a.source, at, a.by_id) for a in audits),
    )  # fmt: skip
    return len(new_reports), len(bumped)


def insert_many(model, names: list[str], rows) -> None:
    """One INSERT statement run with executemany. For the hundreds of thousands
    of values and audit rows of a country-wide sheet, building a model instance
    and compiling SQL per row (bulk_create, which SQLite also limits to 999
    parameters per statement) was most of the import's time. The rows carry
    plain values (ids, Decimals, strings) and pre-adapted datetimes."""
    fields = [model._meta.get_field(n) for n in names]
    qn = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names come from the model, values are parameters
        qn(model._meta.db_table), ", ".join(qn(f.column) for f in fields), ", ".join(["%s"] * len(fields))
    )
    params = list(rows)
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)


def shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return _canonical(value)
    return str(value)
