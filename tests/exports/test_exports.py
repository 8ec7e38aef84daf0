"""Exports as a user meets them: the files open in Excel's readers with the
right rows and types, hold approved figures only, never start a text cell
with a formula character, and are refused outside one's units."""

import csv
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from demo import seed
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport, ReportValue
from exports.access import may_export
from exports.datasets import Request
from exports.models import ExportLog
from exports.services import Download, export_start
from jobs.models import Job
from supervision.models import Recommendation
from wards.models import BEFORE_REFORM_END, AdministrativeUnit

pytestmark = pytest.mark.django_db


def unit(code):
    return AdministrativeUnit.objects.filter(code=code, valid_to=BEFORE_REFORM_END).get()


def sheet_rows(content: bytes):
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def values_export(user, fmt="xlsx", code=seed.XUAT_HOA_CODE, year=2023, quarter=None) -> Download:
    result = export_start(request=Request("values", fmt, unit(code), year, quarter), by=user)
    assert isinstance(result, Download)
    return result


def test_values_xlsx_has_a_typed_row_per_approved_unit_quarter_with_sources(user):
    approver = user("admin")
    QuarterlyReport.objects.filter(unit=unit(seed.XUAT_HOA_CODE), year=2023, quarter=1).update(
        approved_by=approver, approved_at=datetime.datetime(2023, 4, 15, 2, 0, tzinfo=datetime.UTC)
    )
    # Q1 as if the ward had typed its values (a real approval); Q2 stays the demo's share of the article's totals.
    ReportValue.objects.filter(report__unit=unit(seed.XUAT_HOA_CODE), report__year=2023, report__quarter=1).update(
        origin="entered"
    )
    result = values_export(user("clerk_xuathoa"))
    ws, rows = sheet_rows(result.content)
    header = rows[0]
    assert ws.freeze_panes == "A2"
    assert result.filename == "values_01855_2023.xlsx"
    assert [r[header.index("Quý")] for r in rows[1:]] == [1, 2, 3, 4]
    assert {r[header.index("Xã, phường, thị trấn")] for r in rows[1:]} == {"Phường Xuất Hóa"}
    assert {r[header.index("Quận, huyện, thị xã, thành phố")] for r in rows[1:]} == {"Thành phố Bắc Kạn"}
    assert {r[header.index("Tỉnh, thành phố")] for r in rows[1:]} == {"Tỉnh Bắc Kạn"}
    col = next(i for i, h in enumerate(header) if "[copy_certifications_electronic]" in h)
    assert sum(r[col] for r in rows[1:]) == 126  # the article's 126/217 in 2023
    cell = ws.cell(row=2, column=col + 1)
    assert cell.data_type == "n" and cell.number_format == "#,##0"
    assert rows[1][header.index("Nguồn số liệu")] == "Do đơn vị nhập"
    # Q2/2023: the article's yearly totals shared out by the demo; the quarter's share is illustrative,
    # and the demo's made-up approval date is not given as an approval.
    assert rows[2][header.index("Nguồn số liệu")] == "Chia theo quý (minh họa) từ tổng năm thật"
    assert rows[2][header.index("Duyệt lúc")] is None and not rows[2][header.index("Người duyệt")]
    approved = ws.cell(row=2, column=header.index("Duyệt lúc") + 1)
    assert approved.is_date and approved.number_format == "dd/mm/yyyy hh:mm"
    assert approved.value == datetime.datetime(2023, 4, 15, 9, 0)  # in Việt Nam's time
    assert rows[1][header.index("Người duyệt")] == "Quản trị hệ thống"  # the approver's name
    assert ws.title == "Số liệu"


def test_rates_are_percent_cells_and_bounds_are_said(user):
    result = values_export(user("clerk_xuathoa"), year=2024, quarter=1)
    ws, rows = sheet_rows(result.content)
    header = rows[0]
    health = header.index(next(h for h in header if "[health_records_rate]" in h))
    cell = ws.cell(row=2, column=health + 1)
    assert cell.number_format == "0.00%" and cell.value == pytest.approx(0.8205)
    assert "trên 98" in rows[1][header.index("Giá trị ghi là cận (trên/dưới)")]
    chips = header.index(next(h for h in header if "[chip_id_cards]" in h))
    assert rows[1][chips] == 2531


def test_csv_is_utf8_with_bom_and_reads_back(user):
    result = values_export(user("supervisor"), fmt="csv", year=2024, quarter=1)
    assert result.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    header, row = rows[0], rows[1]
    assert len(rows) == 2
    assert row[header.index("Xã, phường, thị trấn")] == "Phường Xuất Hóa"
    assert row[header.index(next(h for h in header if "[households]" in h))] == "831"
    assert row[header.index(next(h for h in header if "[health_records_rate]" in h))] == "82.05"


def test_only_approved_reports_are_exported(user):
    """A submitted report of the quarter stays out, its figures with it."""
    report = QuarterlyReport.objects.get(unit=unit(seed.XUAT_HOA_CODE), year=2024, quarter=1)
    QuarterlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    result = values_export(user("admin"), year=2024, quarter=1)
    _ws, rows = sheet_rows(result.content)
    assert len(rows) == 1  # the header alone
    csv_rows = list(csv.reader(io.StringIO(values_export(user("admin"), "csv", year=2024).content.decode("utf-8-sig"))))
    assert all(r[csv_rows[0].index("Quý")] != "1" for r in csv_rows[1:])


def test_text_starting_with_a_formula_character_is_escaped_in_both_formats(user):
    report = QuarterlyReport.objects.get(unit=unit(seed.XUAT_HOA_CODE), year=2024, quarter=1)
    ReportValue.objects.filter(report=report, indicator__code="online_payment_channels").update(
        text_value='=HYPERLINK("http://x","BIDV")'
    )
    ReportValue.objects.filter(report=report, indicator__code="cashless_payment").update(text_value="@SUM(A1)")
    ws, rows = sheet_rows(values_export(user("admin"), year=2024, quarter=1).content)
    texts = [c for c in rows[1] if isinstance(c, str)]
    assert '\'=HYPERLINK("http://x","BIDV")' in texts and "'@SUM(A1)" in texts
    assert all(cell.data_type != "f" for row in ws.iter_rows() for cell in row)
    content = values_export(user("admin"), "csv", year=2024, quarter=1).content.decode("utf-8-sig")
    cells = [c for row in csv.reader(io.StringIO(content)) for c in row]
    assert '\'=HYPERLINK("http://x","BIDV")' in cells and "'@SUM(A1)" in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


def test_rankings_of_the_city_give_the_provincial_ranks(user):
    city = unit(seed.CITY_CODE)
    result = export_start(request=Request("rankings", "xlsx", city, 2023), by=user("supervisor"))
    ws, rows = sheet_rows(result.content)
    header = rows[0]
    assert len(rows) == 1 + 8  # the city's 8 wards and communes
    xh = next(r for r in rows[1:] if r[header.index("Mã đơn vị cấp xã")] == seed.XUAT_HOA_CODE)
    assert (xh[header.index("Thứ hạng")], xh[header.index("Số đơn vị cùng khối")]) == (14, 108)
    assert xh[header.index("Thứ hạng năm trước")] == 106
    # Official (the article's, as announced) and the portal's recomputed rank beside it.
    from par_index.models import UnitResult

    assert "bài báo" in xh[header.index("Kết quả chính thức theo")]
    recomputed = UnitResult.objects.get(framework__year=2023, unit__code=seed.XUAT_HOA_CODE).rank
    assert xh[header.index("Thứ hạng tính lại trên cổng")] == recomputed
    other = next(r for r in rows[1:] if r[header.index("Mã đơn vị cấp xã")] == seed.SONG_CAU_CODE)
    assert not other[header.index("Kết quả chính thức theo")]  # nothing published for it: the recomputed rank alone
    assert other[header.index("Thứ hạng tính lại trên cổng")] == other[header.index("Thứ hạng")]
    assert ws.cell(row=2, column=header.index("Chỉ số CCHC") + 1).number_format == "0.00%"


def test_recommendations_register_has_statuses_and_dates(user):
    result = export_start(
        request=Request("recommendations", "xlsx", unit(seed.XUAT_HOA_CODE)), by=user("clerk_xuathoa")
    )
    ws, rows = sheet_rows(result.content)
    header = rows[0]
    assert len(rows) - 1 == Recommendation.objects.filter(addressee_unit=unit(seed.XUAT_HOA_CODE)).count() == 8
    statuses = {r[header.index("Tình trạng")] for r in rows[1:]}
    assert {"Đã thực hiện", "Đang thực hiện"} <= statuses
    deadline = ws.cell(row=2, column=header.index("Thời hạn") + 1)
    assert deadline.is_date and deadline.number_format == "dd/mm/yyyy"


@pytest.mark.parametrize(
    ("persona", "code", "allowed"),
    [
        ("clerk_xuathoa", seed.XUAT_HOA_CODE, True),
        ("clerk_xuathoa", seed.SONG_CAU_CODE, False),
        ("clerk_xuathoa", seed.CITY_CODE, False),
        ("clerk_songcau", seed.XUAT_HOA_CODE, False),
        ("supervisor", seed.XUAT_HOA_CODE, True),
        ("supervisor", seed.CITY_CODE, True),
        ("supervisor", seed.PROVINCE_CODE, False),
        ("admin", seed.PROVINCE_CODE, True),
    ],
)
def test_who_may_export_what(user, persona, code, allowed):
    scope = unit(code) if len(code) != 2 else AdministrativeUnit.objects.get(code=code, level="province")
    for what in ("values", "rankings", "recommendations"):
        assert may_export(user(persona), what, scope) is allowed
    if not allowed:
        before = ExportLog.objects.count()
        with pytest.raises(PermissionDenied):
            export_start(request=Request("values", "xlsx", scope, 2023), by=user(persona))
        assert ExportLog.objects.count() == before


def test_the_whole_country_is_for_the_portal_admin_alone(user):
    assert may_export(user("admin"), "values", None)
    for persona in ("clerk_xuathoa", "supervisor"):
        assert not may_export(user(persona), "values", None)


def test_every_export_is_logged(user):
    clerk = user("clerk_xuathoa")
    values_export(clerk)
    log = ExportLog.objects.latest("pk")
    assert (log.by, log.dataset, log.format, log.scope.code, log.rows, log.channel) == (
        clerk,
        "values",
        "xlsx",
        seed.XUAT_HOA_CODE,
        4,
        "page",
    )


def test_bad_requests_name_the_field_in_vietnamese(user):
    with pytest.raises(ValidationError) as error:
        export_start(request=Request("values", "pdf", unit(seed.XUAT_HOA_CODE), None, 7), by=user("admin"))
    messages = error.value.message_dict
    assert messages["format"][0].startswith("Định dạng:")
    assert messages["year"][0].startswith("Năm:")
    assert messages["quarter"][0].startswith("Quý:")


def test_a_province_runs_as_a_job_with_progress_and_a_download(
    user, as_persona, eager, django_capture_on_commit_callbacks
):
    """Eager here (the worker pass has its own test): the job row, the log, the file."""
    province = AdministrativeUnit.objects.get(code=seed.PROVINCE_CODE, level="province")
    with django_capture_on_commit_callbacks(execute=True) as enqueued:
        job = export_start(request=Request("values", "xlsx", province, 2023), by=user("admin"))
        assert job.status == "queued"  # nothing runs before the commit
    assert len(enqueued) == 1
    assert isinstance(job, Job)
    job.refresh_from_db()
    assert job.status == "done" and job.progress == 100 and job.result_rows == 108 * 4
    assert ExportLog.objects.get(job=job).rows == 108 * 4
    client = as_persona("admin")
    page = client.get(f"/jobs/{job.pk}/").content.decode()
    assert "Tải về" in page and "<script>" not in page.split("<main")[1].split("</main>")[0]
    response = client.get(f"/jobs/{job.pk}/file/")
    content = b"".join(response.streaming_content)
    _ws, rows = sheet_rows(content)
    assert len(rows) == 1 + 108 * 4
    # Another user cannot see the job or its file.
    assert as_persona("supervisor").get(f"/jobs/{job.pk}/file/").status_code == 404


def test_the_overview_is_logged_as_an_export_but_not_offered_as_one(as_persona, user):
    """The overview is downloaded from its own page, as on screen; the export page, the service
    and export_data offer the three datasets they can build, and refuse the overview by name."""
    client = as_persona("supervisor")
    page = client.get("/exports/").content.decode()
    assert 'value="values"' in page and 'value="overview"' not in page
    xh = unit(seed.XUAT_HOA_CODE)
    refused = client.post("/exports/", {"dataset": "overview", "format": "csv", "scope": xh.pk, "year": 2023})
    assert refused.status_code == 200 and "Dữ liệu" in refused.content.decode()
    with pytest.raises(ValidationError) as error:
        export_start(request=Request("overview", "csv", xh, 2023, None), by=user("admin"))
    assert error.value.message_dict["dataset"][0].startswith("Dữ liệu:")


def test_the_export_page_downloads_a_small_export_and_sends_a_large_one_to_a_job(as_persona):
    client = as_persona("supervisor")
    page = client.get("/exports/")
    assert page.status_code == 200
    xh = unit(seed.XUAT_HOA_CODE)
    response = client.post("/exports/", {"dataset": "values", "format": "csv", "scope": xh.pk, "year": 2023})
    assert response.status_code == 200 and response["Content-Disposition"].endswith('values_01855_2023.csv"')
    refused = client.post("/exports/", {"dataset": "values", "format": "csv", "scope": "country", "year": 2023})
    assert refused.status_code == 200 and "Phạm vi" in refused.content.decode()
    admin = as_persona("admin")
    province = AdministrativeUnit.objects.get(code=seed.PROVINCE_CODE, level="province")
    response = admin.post("/exports/", {"dataset": "values", "format": "xlsx", "scope": province.pk, "year": 2023})
    assert response.status_code == 302 and response["Location"].startswith("/jobs/")


def test_values_export_queries_do_not_grow_with_the_units(user, queries):
    xh, city = unit(seed.XUAT_HOA_CODE), unit(seed.CITY_CODE)
    admin = user("admin")
    admin_access = __import__("wards.access", fromlist=["access_for"]).access_for(admin)
    assert admin_access.is_superuser
    one = queries.of(export_start, request=Request("values", "csv", xh, 2023), by=admin, label="one ward")
    eight = queries.of(export_start, request=Request("values", "csv", city, 2023), by=admin, label="the city")
    queries.same(one, eight)


def test_values_only_for_values_dataset_amounts(user):
    """Decimal values with cents keep them; whole counts are whole numbers."""
    result = values_export(user("admin"), fmt="csv", year=2024, quarter=1)
    rows = list(csv.reader(io.StringIO(result.content.decode("utf-8-sig"))))
    assert Decimal(rows[1][rows[0].index(next(h for h in rows[0] if "[eid_level2]" in h))]) == 731


@pytest.mark.parametrize(
    ("url", "persona", "status"),
    [
        (url, persona, 302 if persona == "anonymous" else 200)
        for url in ("/exports/", "/jobs/")
        for persona in ("anonymous", "clerk_xuathoa", "clerk_songcau", "supervisor", "admin")
    ],
)
def test_the_export_and_job_pages_by_persona(as_persona, url, persona, status):
    from tests.personas import assert_get

    assert_get(as_persona(persona), url, persona, status)


def test_a_clerk_is_offered_its_own_ward_alone(as_persona):
    page = as_persona("clerk_xuathoa").get("/exports/").content.decode()
    assert "Phường Xuất Hóa" in page and "Phường Sông Cầu" not in page and "Cả nước" not in page


def test_the_export_page_keeps_to_a_query_budget(as_persona, queries):
    queries.at_most(12, queries.get(as_persona("supervisor"), "/exports/"))


def test_the_export_page_speaks_english_when_asked(as_persona, settings):
    from django.utils import translation

    client = as_persona("supervisor")
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    try:
        page = client.get("/exports/").content.decode()
    finally:
        translation.activate(settings.LANGUAGE_CODE)  # the middleware leaves the thread in English
    assert "Export data" in page and "Approved figures by unit and quarter" in page and "Xuất dữ liệu" not in page
