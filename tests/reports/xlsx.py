"""Building upload files for the import tests."""

import io
import zipfile

from openpyxl import Workbook

from digital_metrics.reports.excel.workbook import VALUES_SHEET


def sheet_bytes(title: str, codes: list[str], rows) -> bytes:
    """A workbook of one sheet as the pipeline reads it: row 1 titles, row 2 the column codes, data from row 3."""
    wb = Workbook()
    ws = wb.active
    ws.title = title
    ws.append([c.upper() for c in codes])
    ws.append(codes)
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def workbook(rows: list[dict], codes: list[str] | None = None) -> bytes:
    """A values sheet: a row per dict."""
    codes = codes or sorted({k for r in rows for k in r} - {"unit_code", "year", "quarter", "version"})
    header = ["unit_code", "unit_name", "year", "quarter", "version", *codes]
    return sheet_bytes(VALUES_SHEET, header, ([r.get(h) for h in header] for r in rows))


def zip_bomb() -> bytes:
    """A zip that looks like an xlsx and inflates a 50 MB run of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    return out.getvalue()


def many_entries(n: int = 500) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        for i in range(n):
            z.writestr(f"xl/x{i}.xml", "<x/>")
    return out.getvalue()
