"""Uploads read with a budget (core/xlsx.py): a small file whose sheet holds
millions of rows is refused within seconds and bounded memory, with a message
naming the limit; broken XML and a DTD get a clear message, never a 500."""

import base64
import io
import os
import time
import tracemalloc
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core import xlsx
from core.uploads import UnsafeUpload, check_workbook
from digital_metrics.choices import ImportStatus
from digital_metrics.models import ImportJob
from digital_metrics.reports.excel.values import read_workbook
from digital_metrics.reports.excel.workbook import VALUES_SHEET
from procedures.activity_import import COLUMNS, SHEET

from .test_import import row, upload
from .xlsx import sheet_bytes, workbook

pytestmark = pytest.mark.django_db

CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.'
    b'spreadsheetml.sheet.main+xml"/></Types>'
)
WORKBOOK = (
    '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    f'<sheet name="{VALUES_SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>'
).encode()
RELS = (
    b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"'
    b' Target="worksheets/sheet1.xml"/></Relationships>'
)
ROWS = 3_300_000


@pytest.fixture(scope="module")
def huge_sheet() -> bytes:
    """A 2 MB .xlsx under every container limit whose sheet has 3,3 million rows,
    written as sheet XML directly (what openpyxl took 206 s and 1,8 GB to read)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", RELS)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(
                b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                b'<dimension ref="A1:C3300000"/><sheetData>'
                b'<row r="1"><c r="A1" t="inlineStr"><is><t>unit_code</t></is></c></row>'
                b'<row r="2"><c r="A2" t="inlineStr"><is><t>unit_code</t></is></c><c r="B2" t="inlineStr"><is><t>year'
                b'</t></is></c><c r="C2" t="inlineStr"><is><t>quarter</t></is></c></row>'
            )
            # Identical rows (no r attribute) with some incompressible text every 1.000 rows, so
            # that the sheet compresses about 60 times: under the ratio limit of 150, as reported.
            plain = b"<row><c><v>1855</v></c></row>" * 999
            for _ in range(3, ROWS + 1, 1000):
                noise = base64.b64encode(os.urandom(480))
                sheet.write(plain + b'<row><c t="inlineStr"><is><t>' + noise + b"</t></is></c></row>")
            sheet.write(b"</sheetData></worksheet>")
    return out.getvalue()


def test_a_2_mb_sheet_of_3_3_million_rows_stops_at_the_row_limit_in_seconds(huge_sheet):
    assert 1_500_000 < len(huge_sheet) < 3_000_000
    check_workbook(huge_sheet)  # under every container limit, as in the report
    started = time.monotonic()
    with pytest.raises(xlsx.BudgetExceeded, match="quá nhiều dòng") as refused:
        read_workbook(huge_sheet)
    assert time.monotonic() - started < 3
    assert "50.000 dòng" in str(refused.value)  # names the limit, in Vietnamese numbers


def test_reading_it_takes_bounded_memory(huge_sheet):
    tracemalloc.start()
    try:
        with pytest.raises(xlsx.BudgetExceeded):
            read_workbook(huge_sheet)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 40 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB"


def test_through_the_upload_page_it_becomes_a_job_that_fails_with_the_limit(
    as_persona, huge_sheet, django_capture_on_commit_callbacks, eager
):
    client = as_persona("clerk_xuathoa")
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, huge_sheet)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/reports/import/jobs/{job.pk}/"
    assert job.status == ImportStatus.FAILED and "50.000 dòng" in job.result and not job.file
    page = client.get(response["Location"]).content.decode()
    assert "quá nhiều dòng" in page and "Không ghi được" in page


def test_cells_text_and_seconds_are_bounded_too(settings):
    data = workbook([row("01855", campaigns_mobile=1, chip_id_cards=5)] * 3)
    settings.IMPORT_MAX_CELLS = 10
    with pytest.raises(xlsx.BudgetExceeded, match="quá nhiều ô"):
        read_workbook(data)
    settings.IMPORT_MAX_CELLS, settings.IMPORT_MAX_TEXT_CHARS = 1000, 20
    with pytest.raises(xlsx.BudgetExceeded, match="quá nhiều chữ"):
        read_workbook(data)
    settings.IMPORT_MAX_TEXT_CHARS, settings.IMPORT_MAX_SECONDS = 10_000, 0
    with pytest.raises(xlsx.BudgetExceeded, match="giây"):
        read_workbook(data)


def test_the_streamed_values_are_those_openpyxl_reads():
    data = workbook([row("01855", campaigns_mobile=2, chip_id_cards=2560, health_records_rate=82.05)])
    sheet = read_workbook(data)
    assert sheet.rows == [
        (
            3,
            {
                "unit_code": "01855",
                "year": 2024,
                "quarter": 2,
                "campaigns_mobile": 2,
                "chip_id_cards": 2560,
                "health_records_rate": 82.05,
            },
        )
    ]
    assert sheet.letters["unit_code"] == "A"


def rewrite(data: bytes, part: str, change) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info.filename)
            z.writestr(info, change(content) if info.filename == part else content)
    return out.getvalue()


def test_a_sheet_whose_xml_breaks_after_its_size_declaration_is_refused_with_a_message(as_persona):
    good = workbook([row("01855", campaigns_mobile=2)])

    def truncate(content: bytes) -> bytes:
        end = content.index(b"<dimension")
        end = content.index(b"/>", end) + 2
        return content[:end] + b'<sheetData><row r="1"><c r="A1"><v>1</v></c></ro'  # cut mid-tag

    broken = rewrite(good, "xl/worksheets/sheet1.xml", truncate)
    with pytest.raises(UnsafeUpload, match="không phải XML hợp lệ"):
        read_workbook(broken)
    response = upload(as_persona("clerk_xuathoa"), broken)
    assert response.status_code == 200
    assert "không phải XML hợp lệ" in response.context["form"].errors["file"][0]


def test_a_dtd_in_the_procedure_detail_sheet_is_refused_with_a_message(as_persona):
    good = sheet_bytes(SHEET, COLUMNS, [("01855", 2024, 2, "1.001", 3, 1)])

    def with_dtd(content: bytes) -> bytes:
        return content.replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "b">]><worksheet', 1)

    data = rewrite(good, "xl/worksheets/sheet1.xml", with_dtd)
    response = as_persona("clerk_xuathoa").post(
        "/procedures/activity/import/", {"file": SimpleUploadedFile("mot-cua.xlsx", data)}
    )
    assert response.status_code == 200
    assert "khai báo DTD" in response.context["form"].errors["file"][0]
