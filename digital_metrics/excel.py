"""Excel workbooks of quarterly reports: the template (written) and the upload
(checked, then read). The layout is one sheet, "Số liệu", with a row per ward
and quarter: row 1 holds the titles a clerk reads, row 2 the indicator codes
the import reads (so columns may be moved or hidden), data from row 3.
"""

import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core.uploads import UnsafeUpload
from digital_metrics.choices import ValueType

VALUES_SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
KEY_COLUMNS = ["unit_code", "unit_name", "year", "quarter", "version"]
FIRST_DATA_ROW = 3


def key_titles() -> dict[str, str]:
    return {
        "unit_code": _("Mã ĐVHC"),
        "unit_name": _("Tên đơn vị"),
        "year": _("Năm"),
        "quarter": _("Quý"),
        "version": _("Phiên bản (không sửa)"),
    }


# --- Reading. -----------------------------------------------------------------


@dataclass
class SheetRow:
    number: int  # the Excel row number, for messages
    cells: dict[str, object]  # column code → raw value


@dataclass
class ReadBook:
    values: list[SheetRow] = field(default_factory=list)
    columns: dict[str, dict[str, str]] = field(default_factory=dict)  # sheet → code → column letter
    problems: list[tuple[str, int, str, str]] = field(default_factory=list)  # sheet, row, column, message


def _read_sheet(ws, sheet: str, book: ReadBook, required: list[str]) -> list[SheetRow]:
    rows = ws.iter_rows(values_only=True)
    try:
        next(rows)  # titles
        codes_row = next(rows)
    except StopIteration:
        book.problems.append((sheet, 2, "", _("Trang tính thiếu dòng mã cột (dòng 2).")))
        return []
    codes: dict[int, str] = {}
    letters: dict[str, str] = {}
    for idx, code in enumerate(codes_row):
        if code in (None, ""):
            continue
        code = str(code).strip()
        codes[idx] = code
        letters[code] = get_column_letter(idx + 1)
    book.columns[sheet] = letters
    missing = [c for c in required if c not in letters]
    if missing:
        book.problems.append((sheet, 2, "", _("Thiếu cột bắt buộc: %(cols)s.") % {"cols": ", ".join(missing)}))
        return []
    out = []
    for number, row in enumerate(rows, start=FIRST_DATA_ROW):
        if row is None or all(v in (None, "") for v in row):
            continue
        out.append(SheetRow(number, {codes[i]: v for i, v in enumerate(row) if i in codes}))
    return out


def read_workbook(data: bytes) -> ReadBook:
    """Rows of the values sheet. Call core.uploads.check_workbook first. openpyxl parses the XML through defusedxml (installed)."""
    book = ReadBook()
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken file
        raise UnsafeUpload(_("Không mở được tệp Excel: %(why)s") % {"why": type(exc).__name__}) from exc
    try:
        if VALUES_SHEET not in wb.sheetnames:
            book.problems.append((VALUES_SHEET, 0, "", _("Không có trang tính “%(s)s”.") % {"s": VALUES_SHEET}))
            return book
        book.values = _read_sheet(wb[VALUES_SHEET], VALUES_SHEET, book, ["unit_code", "year", "quarter"])
    finally:
        wb.close()
    return book


# --- Writing. -----------------------------------------------------------------

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="0D6EFD")
CODE_FONT = Font(color="888888", size=8)


def _head(ws, titles: list[str], codes: list[str]):
    title_cells, code_cells = [], []
    for title, code in zip(titles, codes, strict=True):
        c = WriteOnlyCell(ws, value=title)
        c.font, c.fill = HEAD_FONT, HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
        title_cells.append(c)
        k = WriteOnlyCell(ws, value=code)
        k.font = CODE_FONT
        code_cells.append(k)
    ws.append(title_cells)
    ws.append(code_cells)


def build_workbook(rows, *, indicators) -> bytes:
    """rows: (unit, quarter, report or None, {code: ReportValue}) in sheet order."""
    entered = [i for i in indicators if i.is_entered]
    titles = key_titles()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(VALUES_SHEET)
    ws.freeze_panes = "C3"
    ws.column_dimensions["A"].width = 9
    ws.column_dimensions["B"].width = 24
    for idx in range(len(KEY_COLUMNS) + 1, len(KEY_COLUMNS) + len(entered) + 1):
        ws.column_dimensions[get_column_letter(idx)].width = 16
    _head(
        ws,
        [titles[c] for c in KEY_COLUMNS] + [i.name_vi + (f" ({i.unit})" if i.unit else "") for i in entered],
        KEY_COLUMNS + [i.code for i in entered],
    )
    for unit, quarter, report, values in rows:
        code = WriteOnlyCell(ws, value=unit.code)
        code.number_format = "@"  # keep the leading zero of 01855
        line = [code, unit.name, quarter.year, quarter.quarter, report.version if report else None]
        for ind in entered:
            rv = values.get(ind.code)
            if rv is None:
                line.append(None)
            elif ind.value_type == ValueType.TEXT:
                line.append(rv.text_value)
            else:
                line.append(None if rv.value is None else (int(rv.value) if rv.value % 1 == 0 else float(rv.value)))
        ws.append(line)
    guide = wb.create_sheet(GUIDE_SHEET)
    for line in guide_lines():
        guide.append([line])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def guide_lines() -> list[str]:
    return [
        _("Hướng dẫn nhập số liệu báo cáo quý"),
        _("1. Mỗi dòng của trang “Số liệu” là một đơn vị trong một quý; không sửa dòng 2 (mã cột)."),
        _("2. Số nguyên không âm cho số đếm; tỷ lệ phần trăm từ 0 đến 100; ô để trống là không có số liệu."),
        _("3. Không sửa cột “Phiên bản”: cổng dùng nó để phát hiện báo cáo đã bị người khác sửa sau khi tải mẫu."),
        _(
            "4. Tải lên: cổng hiển thị mọi thay đổi và mọi lỗi trước khi ghi; xác nhận thì ghi tất cả hoặc không ghi gì."
        ),
    ]
