"""The Excel template of quarterly reports, read back by the pipeline. The
layout is one sheet, "Số liệu", with a row per ward and quarter: row 1 holds
the titles a clerk reads, row 2 the indicator codes the import reads (so
columns may be moved or hidden), data from row 3.
"""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from core import exports
from core.numbers import canonical
from digital_metrics.choices import Bound, ValueType

VALUES_SHEET = "Số liệu"
GUIDE_SHEET = "Hướng dẫn"
KEY_COLUMNS = ["unit_code", "unit_name", "year", "quarter", "version"]


def key_titles() -> dict[str, str]:
    return {
        "unit_code": _("Mã ĐVHC"),
        "unit_name": _("Tên đơn vị"),
        "year": _("Năm"),
        "quarter": _("Quý"),
        "version": _("Phiên bản (không sửa)"),
    }


# --- Writing. -----------------------------------------------------------------

HEAD_FONT = Font(bold=True, color="FFFFFF")
HEAD_FILL = PatternFill("solid", fgColor="0D6EFD")
CODE_FONT = Font(color="888888", size=8)


def _head(ws, titles: list[str], codes: list[str]):
    title_cells, code_cells = [], []
    for title, code in zip(titles, codes, strict=True):
        c = WriteOnlyCell(ws, value=exports.cell(title))
        c.font, c.fill = HEAD_FONT, HEAD_FILL
        c.alignment = Alignment(wrap_text=True, vertical="top")
        title_cells.append(c)
        k = WriteOnlyCell(ws, value=exports.cell(code))
        k.font = CODE_FONT
        code_cells.append(k)
    ws.append(title_cells)
    ws.append(code_cells)


def build_workbook(rows, *, indicators) -> bytes:
    """rows: (unit, quarter, report or None, {code: ReportValue}) in sheet order.
    Every text cell goes through core.exports (no cell starts a formula)."""
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
        code = WriteOnlyCell(ws, value=exports.cell(unit.code))
        code.number_format = "@"  # keep the leading zero of 01855
        line = [code, unit.name, quarter.year, quarter.quarter, report.version if report else None]
        for ind in entered:
            rv = values.get(ind.code)
            if rv is None:
                line.append(None)
            elif ind.value_type == ValueType.TEXT:
                line.append(rv.text_value)
            else:
                line.append(cell_value(rv))
        # Clerk-entered text (and names) must never run as a formula in Excel (OWASP CSV injection).
        ws.append(exports.row(line))
    guide = wb.create_sheet(GUIDE_SHEET)
    for line in guide_lines():
        guide.append(exports.row([line]))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def cell_value(rv):
    """A stored value as a cell: a number, or a bound as text ("trên 98"), which the import reads back."""
    if rv.value is None:
        return None
    number = int(rv.value) if rv.value % 1 == 0 else float(rv.value)
    return f"{Bound(rv.bound).label} {canonical(rv.value)}" if rv.bound else number


def guide_lines() -> list[str]:
    return [
        _("Hướng dẫn nhập số liệu báo cáo quý"),
        _("1. Mỗi dòng của trang “Số liệu” là một đơn vị trong một quý; không sửa dòng 2 (mã cột)."),
        _(
            "2. Số nguyên không âm cho số đếm; tỷ lệ phần trăm từ 0 đến 100; ô để trống là không có số liệu. "
            "Số chỉ biết cận ghi “trên 98” hoặc “dưới 5”. Tổng (ví dụ hồ sơ đã giải quyết) để trống nếu đã ghi đủ các phần."
        ),
        _("3. Không sửa cột “Phiên bản”: cổng dùng nó để phát hiện báo cáo đã bị người khác sửa sau khi tải mẫu."),
        _(
            "4. Tải lên: cổng hiển thị mọi thay đổi và mọi lỗi trước khi ghi; xác nhận thì ghi tất cả hoặc không ghi gì."
        ),
    ]
