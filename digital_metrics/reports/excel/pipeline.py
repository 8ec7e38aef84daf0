"""The one Excel import pipeline: upload → checks → plan (every change and
every error by sheet, row and column; nothing written) → preview → confirm
(all of it in one transaction, or nothing).

A sheet plugs in as a ``SheetImporter``: the quarterly values of this app
(``values.ValuesImporter``), the per-procedure detail of ``procedures``. The
pipeline owns what they share: the upload checks, reading a sheet (row 1
titles, row 2 column codes, data from row 3), the pending preview kept
between the two requests, the re-plan at confirm time against the versions
the user saw, and the pages.
"""

import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from openpyxl.utils import get_column_letter

from core import exports, xlsx
from core.numbers import notation_of
from core.uploads import UnsafeUpload, check_workbook, check_workbook_size
from digital_metrics.catalogue.validation import ERROR, HasIssues
from digital_metrics.periods import Quarter
from digital_metrics.reports.batch import Target, versions_of
from digital_metrics.reports.errors import ReportError
from digital_metrics.reports.excel import jobs
from digital_metrics.reports.forms import UploadForm
from wards.access import Do, access_for
from wards.models import AdministrativeUnit

FIRST_DATA_ROW = 3
SESSION_KEY = "excel_imports"


@dataclass
class ImportIssue:
    sheet: str
    row: int
    column: str  # the Excel column letter, "" for the whole row
    field: str  # indicator code or column code
    message: str
    severity: str = ERROR


@dataclass
class Sheet:
    """One sheet as read: its data rows, where each column code stands, what was wrong with its shape."""

    name: str
    rows: list[tuple[int, dict[str, object]]] = field(default_factory=list)  # (Excel row number, code → value)
    letters: dict[str, str] = field(default_factory=dict)  # column code → column letter
    problems: list[ImportIssue] = field(default_factory=list)

    def issue(self, row: int, code: str, message: str, severity: str = ERROR) -> ImportIssue:
        return ImportIssue(self.name, row, self.letters.get(code, ""), code, message, severity)


def read_sheet(data: bytes, name: str, *, required: Iterable[str], on_row=None) -> Sheet:
    """The rows of sheet ``name``, streamed within the import budget
    (core.xlsx: rows, cells, text and seconds; a DTD or broken XML is refused
    with a message). Call check_workbook first. Raises UnsafeUpload, whose
    message is for the user."""
    sheet = Sheet(name)
    reader = xlsx.Reader(data)
    if name not in reader.sheet_names:
        sheet.problems.append(ImportIssue(name, 0, "", "", _("Không có trang tính “%(s)s”.") % {"s": name}))
        return sheet
    rows = reader.rows(name, on_row=on_row)
    codes: dict[int, str] | None = None
    for number, cells in rows:
        if number == 1:  # titles
            continue
        if codes is None:
            if number != 2:
                break
            codes = {i: str(c).strip() for i, c in cells.items() if c not in (None, "")}
            sheet.letters = {code: get_column_letter(i + 1) for i, code in codes.items()}
            missing = [c for c in required if c not in sheet.letters]
            if missing:
                message = _("Thiếu cột bắt buộc: %(cols)s.") % {"cols": ", ".join(missing)}
                sheet.problems.append(ImportIssue(name, 2, "", "", message))
                return sheet
            continue
        values = {codes[i]: exports.unescape(v) for i, v in cells.items() if i in codes}
        if all(v in (None, "") for v in values.values()):
            continue
        sheet.rows.append((number, values))
    if codes is None:
        sheet.problems.append(ImportIssue(name, 2, "", "", _("Trang tính thiếu dòng mã cột (dòng 2).")))
    return sheet


def parse_int(value) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = str(value).strip()
    return int(text) if text.isdigit() else None


def period_of(cells: dict) -> tuple[Quarter | None, str, str]:
    """The row's quarter, or None with the column at fault and why."""
    year, quarter = parse_int(cells.get("year")), parse_int(cells.get("quarter"))
    if year is None or not 2000 <= year <= 2100:
        return None, "year", _("Năm không hợp lệ (đã nhập: %(v)s).") % {"v": cells.get("year")}
    if quarter not in (1, 2, 3, 4):
        return None, "quarter", _("Quý phải là 1, 2, 3 hoặc 4 (đã nhập: %(v)s).") % {"v": cells.get("quarter")}
    return Quarter(year, quarter), "", ""


def unit_code_of(value) -> str:
    if isinstance(value, int | float):
        return str(int(value)).zfill(5)  # Excel turned 01855 into 1855
    return str(value or "").strip()


def communes_during(period: Quarter) -> dict[str, AdministrativeUnit]:
    """The commune-level units that existed during the quarter, by code (1 query)."""
    qs = AdministrativeUnit.objects.communes().existed_during(period.start, period.end)
    return {u.code: u for u in qs.only("pk", "code", "name", "valid_from", "valid_to", "level")}


@dataclass
class ImportPlan(HasIssues):
    """What a sheet would write: the reports it touches and every issue found."""

    targets: list[Target] = field(default_factory=list)
    issues: list[ImportIssue] = field(default_factory=list)
    row_count: int = 0

    @property
    def changed(self) -> list[Target]:
        return [t for t in self.targets if t.has_changes]

    @property
    def change_count(self) -> int:
        """Values changed (a sheet that replaces a report's detail changes none)."""
        return sum(len(t.changes) for t in self.changed)

    def versions(self) -> dict[str, int]:
        return versions_of(self.targets)


class SheetImporter:
    """One kind of sheet in the pipeline. Subclasses set the names and implement plan and apply."""

    key: str  # names the pending preview and its stored file
    upload_url: str  # URL names of the upload page and of the confirm
    confirm_url: str
    title: str = ""
    intro: str = ""  # the upload page's sentence on what the sheet holds
    columns: list[str] = []  # the column codes the upload page lists, if any
    changes_template: str = ""  # the preview's table of changes

    @property
    def job_url(self) -> str:
        """URL name of an import job's page (a large file is read by a Celery worker)."""
        return f"{self.upload_url}_job"

    @property
    def job_confirm_url(self) -> str:
        return f"{self.upload_url}_job_confirm"

    def plan(self, data: bytes, *, by, notation: str = "vi", on_row=None) -> ImportPlan:
        """Read (within the budget; ``on_row(n)`` reports progress) and plan; nothing written.
        ``notation``: how numbers typed as text in cells are read (the uploader's page language)."""
        raise NotImplementedError

    def apply(self, plan: ImportPlan, *, by, versions: dict[str, int]) -> str:
        """Write the plan (all or nothing) and say what was written; raises ReportError."""
        raise NotImplementedError

    def preview_context(self, plan: ImportPlan) -> dict:
        return {}


def may_import(user) -> bool:
    """Whoever writes some unit's figures may upload a sheet; its rows are then checked one by one."""
    return access_for(user).can_any(Do.WRITE_FIGURES)


def _stored_path(importer: SheetImporter, token: str) -> str:
    return f"imports/{importer.key}-{token}.xlsx"


def upload_view(request, importer: SheetImporter):
    """The upload page; on a valid upload, the preview (and a token to confirm it)."""
    if not may_import(request.user):
        raise PermissionDenied(_("Bạn không nhập số liệu cho đơn vị nào."))
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            check_workbook_size(upload.size)  # before reading it into memory
            data = upload.read()
            check_workbook(data)
            if len(data) > settings.IMPORT_INLINE_MAX_BYTES:
                # A large sheet is read by a Celery worker (time and memory limits), never here.
                job = jobs.start(
                    importer=importer, data=data, name=upload.name, by=request.user, language=request.LANGUAGE_CODE
                )
                return redirect(importer.job_url, pk=job.pk)
            plan = importer.plan(data, by=request.user, notation=notation_of())
        except UnsafeUpload as exc:
            form.add_error("file", str(exc))
        else:
            # One pending preview per session: an abandoned one is dropped with its file.
            pending = request.session.get(SESSION_KEY, {})
            for old in pending.pop(importer.key, {}):
                default_storage.delete(_stored_path(importer, old))
            token = ""
            if not plan.errors and plan.changed:
                token = secrets.token_urlsafe(16)
                default_storage.save(_stored_path(importer, token), ContentFile(data))
                pending[importer.key] = {token: {"name": upload.name, "versions": plan.versions()}}
            request.session[SESSION_KEY] = pending
            context = {"importer": importer, "plan": plan, "token": token, "filename": upload.name, "nav": "reports"}
            context.update(importer.preview_context(plan))
            return render(request, "digital_metrics/import_preview.html", context)
    context = {"importer": importer, "form": form, "nav": "reports"}
    return render(request, "digital_metrics/import_upload.html", context)


def confirm_view(request, token: str, importer: SheetImporter):
    """Write what the preview showed: the file is planned again and written
    only if no report changed since (the versions the user saw)."""
    pending = request.session.get(SESSION_KEY, {})
    entry = pending.get(importer.key, {}).get(token)
    path = _stored_path(importer, token)
    if entry is None or not default_storage.exists(path):
        messages.error(request, _("Phiên nhập đã hết hạn hoặc không tồn tại; hãy tải tệp lên lại."))
        return redirect(importer.upload_url)
    with default_storage.open(path, "rb") as fh:
        data = fh.read()
    try:
        plan = importer.plan(data, by=request.user, notation=notation_of())
        done = importer.apply(plan, by=request.user, versions=entry["versions"])
    except (ReportError, UnsafeUpload) as exc:
        messages.error(request, getattr(exc, "message", str(exc)))
        return redirect(importer.upload_url)
    finally:
        default_storage.delete(path)
        pending.pop(importer.key, None)
        request.session[SESSION_KEY] = pending
    messages.success(request, done)
    return redirect("home")


def urls(importer: SheetImporter, prefix: str) -> list:
    """The upload and confirm pages of a sheet, under ``prefix`` ("import/"),
    named after the importer's ``upload_url`` and ``confirm_url``, and the
    pages of its import jobs (``job_url``, ``job_confirm_url``)."""
    return [
        path(f"{prefix}jobs/<int:pk>/", jobs.job_view, {"importer": importer}, name=importer.job_url.split(":")[-1]),
        path(
            f"{prefix}jobs/<int:pk>/confirm/",
            jobs.job_confirm,
            {"importer": importer},
            name=importer.job_confirm_url.split(":")[-1],
        ),
        path(prefix, login_required(upload_view), {"importer": importer}, name=importer.upload_url.split(":")[-1]),
        path(
            f"{prefix}<str:token>/",
            login_required(require_POST(confirm_view)),
            {"importer": importer},
            name=importer.confirm_url.split(":")[-1],
        ),
    ]
