"""Excel: templates, upload checks before opening, preview of every change and
error by sheet/row/column, all-or-nothing confirm, audit rows."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook

from core.uploads import UnsafeUpload, check_workbook
from digital_metrics.models import AuditEntry, QuarterlyReport, ReportValue
from digital_metrics.reports import services
from digital_metrics.reports.excel.values import ImportConflict, apply_import, plan_import, read_workbook

from .conftest import old_commune, ubnd_city
from .rules import GOOD_VALUES, RULE_CASES, RULE_IDS
from .xlsx import many_entries, workbook, zip_bomb

pytestmark = pytest.mark.django_db


def upload(client, data: bytes, name="bao-cao.xlsx"):
    return client.post("/reports/import/", {"file": SimpleUploadedFile(name, data)})


def row(code, year=2024, quarter=2, **values):
    return {"unit_code": code, "year": year, "quarter": quarter, **values}


def test_unit_template_round_trips_the_values(as_persona):
    response = as_persona("clerk_xuathoa").get("/reports/01855/2024/1/excel/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Số liệu"]
    codes = [c.value for c in ws[2]]
    line = dict(zip(codes, [c.value for c in ws[3]], strict=True))
    assert line["unit_code"] == "01855" and line["version"] == 1 and line["chip_id_cards"] == 2531
    assert line["health_records_rate"] == 82.05
    assert "dossiers_on_time_rate" not in codes  # computed, not entered
    assert "dossiers_resolved" in codes  # a total: typed when its parts are not known


def test_body_template_has_a_row_per_ward_for_the_admin(as_persona):
    wb = load_workbook(io.BytesIO(as_persona("admin").get("/reports/excel/2024/2/").content))
    units = [r[0] for r in wb["Số liệu"].iter_rows(min_row=3, values_only=True)]
    assert len(units) == 8 and "01855" in units and "01837" in units
    wb = load_workbook(io.BytesIO(as_persona("clerk_xuathoa").get("/reports/excel/2024/2/").content))
    assert [r[0] for r in wb["Số liệu"].iter_rows(min_row=3, values_only=True)] == ["01855"]


def test_preview_lists_every_change_then_confirm_writes_it_with_audit(as_persona):
    client = as_persona("clerk_xuathoa")
    response = upload(client, workbook([row("01855", **GOOD_VALUES)]))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert not plan.errors and plan.change_count == len(GOOD_VALUES)
    html = response.content.decode()
    assert "Thẻ CCCD gắn chíp" in html and "2.560" in html  # named as the clerk knows it, not by its code
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()
    confirm = client.post(f"/reports/import/{response.context['token']}/")
    assert confirm.status_code == 302
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    assert report.values.get(indicator__code="chip_id_cards").value == 2560
    audited = AuditEntry.objects.filter(report=report, action="value", source="excel")
    assert audited.count() == len(GOOD_VALUES)
    entry = audited.get(indicator_code="households")
    assert (entry.after, entry.before, entry.by.username, entry.version) == ("831", "", "canbo_xuathoa", 1)
    assert abs((timezone.now() - entry.at).total_seconds()) < 60
    history = client.get("/reports/01855/2024/2/").content.decode().split("Lịch sử thay đổi")[1]
    assert "Thẻ CCCD gắn chíp đã cấp (lũy kế)" in history and "Tệp Excel" in history  # the source by its name


@pytest.mark.parametrize(("rule", "values", "field", "message"), RULE_CASES, ids=RULE_IDS)
def test_each_rule_through_the_import(as_persona, rule, values, field, message):
    response = upload(as_persona("clerk_xuathoa"), workbook([row("01855", **values)]))
    plan = response.context["plan"]
    errors = [e for e in plan.errors if e.field == field]
    assert errors and message in errors[0].message
    assert errors[0].sheet == "Số liệu" and errors[0].row == 3 and errors[0].column
    assert not response.context["token"]  # nothing to confirm


def test_a_bad_row_in_the_middle_writes_nothing(as_persona, user):
    rows = [
        row("01837", 2024, 3, campaigns_mobile=2, broadcasts_loudspeaker=4),
        row("01852", 2024, 2, campaigns_mobile=-1),  # a bad row in the middle (another ward, the admin's)
        row("01855", 2024, 2, campaigns_mobile=2),
    ]
    data = workbook(rows)
    before = (QuarterlyReport.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count())
    plan = plan_import(read_workbook(data), by=user("admin"))
    assert [(e.row, e.column, e.field) for e in plan.errors][0][:1] == (4,)
    assert "campaigns_mobile" in {e.field for e in plan.errors}
    with pytest.raises(ImportConflict):
        apply_import(plan, by=user("admin"))
    assert (QuarterlyReport.objects.count(), ReportValue.objects.count(), AuditEntry.objects.count()) == before


def test_a_clerk_cannot_import_another_wards_rows(as_persona):
    response = upload(as_persona("clerk_xuathoa"), workbook([row("01837", campaigns_mobile=2)]))
    errors = response.context["plan"].errors
    assert errors and "không có quyền" in errors[0].message and errors[0].column == "A"
    assert QuarterlyReport.objects.get(unit=old_commune("01837"), year=2024, quarter=2).version == 1


def test_approved_locked_stale_and_duplicate_rows_are_errors(as_persona, songcau_draft, user):
    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "3"}, version=1, by=user("admin"))
    rows = [
        row("01855", 2024, 1, campaigns_mobile=2),  # approved
        row("01837", 2024, 2, version=1, campaigns_mobile=2),  # read at version 1, now 2
        row("01849", 2024, 2, campaigns_mobile=2),
        row("01849", 2024, 2, campaigns_mobile=3),  # twice
        row("01843", 2024, 2, campaigns_mobile=3),  # the demo's submitted report, absent from the template
        row("99999", 2024, 2, campaigns_mobile=3),
        row("01855", 2024, 7, campaigns_mobile=3),
    ]
    plan = plan_import(read_workbook(workbook(rows)), by=user("admin"))
    messages = {e.row: e.message for e in plan.errors}
    assert "Đã duyệt" in messages[3]
    assert "phiên bản 1, nay là 2" in messages[4]
    assert "đã có ở dòng 5" in messages[6]
    assert "Đã gửi, chờ duyệt" in messages[7]
    assert "99999" in messages[8]
    assert "Quý phải là 1, 2, 3 hoặc 4" in messages[9]
    # A row that was empty in the template (no version) while a report was created since.
    plan = plan_import(read_workbook(workbook([row("01837", 2024, 2, campaigns_mobile=2)])), by=user("admin"))
    assert "đã được tạo sau khi tải mẫu" in plan.errors[0].message and plan.errors[0].column == "E"
    services.period_lock(body=ubnd_city(), year=2024, quarter=3, by=user("noivu_thanhpho"))
    plan = plan_import(read_workbook(workbook([row("01855", 2024, 3, campaigns_mobile=2)])), by=user("admin"))
    assert "khóa" in plan.errors[0].message


def test_a_write_between_preview_and_confirm_is_a_conflict(as_persona, songcau_draft, user):
    client = as_persona("clerk_songcau")
    response = upload(client, workbook([row("01837", version=1, campaigns_mobile=2)]))
    token = response.context["token"]
    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "4"}, version=1, by=user("admin"))
    confirm = client.post(f"/reports/import/{token}/", follow=True)
    assert "chưa ghi gì" in confirm.content.decode()
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).values.get(indicator__code="campaigns_mobile").value == 4


def test_unknown_column_is_an_error_by_column(as_persona):
    response = upload(as_persona("clerk_xuathoa"), workbook([row("01855", dossiers_on_time_rate=3)]))
    error = response.context["plan"].errors[0]
    assert (error.row, error.column, error.field) == (2, "F", "dossiers_on_time_rate")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"unit_code,year\n01855,2024\n", "không phải là bảng tính Excel"),
        (b"%PDF-1.4 not a sheet", "không phải là bảng tính Excel"),
        (b"PK\x03\x04broken", "bị hỏng"),
    ],
)
def test_non_xlsx_content_is_refused_whatever_the_name(as_persona, data, message):
    response = upload(as_persona("clerk_xuathoa"), data, name="bao-cao.xlsx")
    assert message in response.context["form"].errors["file"][0]


def test_zip_bomb_and_too_many_entries_are_refused_before_opening():
    with pytest.raises(UnsafeUpload, match="zip bomb"):
        check_workbook(zip_bomb())
    with pytest.raises(UnsafeUpload, match="quá nhiều thành phần"):
        check_workbook(many_entries())


def test_oversized_file_is_refused(as_persona, settings):
    settings.MAX_UPLOAD_BYTES = 1000
    response = upload(as_persona("clerk_xuathoa"), workbook([row("01855", campaigns_mobile=2)]))
    assert "Tệp quá lớn" in response.context["form"].errors["file"][0]


def test_import_plan_queries_do_not_grow_with_rows(user, django_assert_max_num_queries):
    from wards.models import AdministrativeUnit

    codes = list(
        AdministrativeUnit.objects.filter(level="commune", valid_to__isnull=False).values_list("code", flat=True)[:300]
    )
    superuser = user("admin")
    small = read_workbook(workbook([row(c, campaigns_mobile=1) for c in codes[:3]]))
    big = read_workbook(workbook([row(c, campaigns_mobile=1) for c in codes]))
    with django_assert_max_num_queries(20):
        plan_import(small, by=superuser)
    with django_assert_max_num_queries(20):
        plan = plan_import(big, by=superuser)
    assert not plan.errors and len(plan.targets) == 300


def test_xml_entities_are_refused_by_defusedxml():
    """A billion-laughs DOCTYPE inside a real workbook: refused (defusedxml, no DTD at all) with a message."""
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(workbook([row("01855", campaigns_mobile=1)])))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/workbook.xml":
                content = content.replace(
                    b"<workbook", b'<!DOCTYPE lol [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;">]><workbook', 1
                )
            z.writestr(info, content)
    data = out.getvalue()
    check_workbook(data)  # the container itself is sane
    with pytest.raises(UnsafeUpload, match="khai báo DTD"):
        read_workbook(data)


def test_an_abandoned_preview_is_dropped_with_its_file(as_persona):
    from django.core.files.storage import default_storage

    client = as_persona("clerk_xuathoa")
    first = upload(client, workbook([row("01855", campaigns_mobile=2)])).context["token"]
    assert default_storage.exists(f"imports/values-{first}.xlsx")
    second = upload(client, workbook([row("01855", campaigns_mobile=3)])).context["token"]
    assert not default_storage.exists(f"imports/values-{first}.xlsx") and default_storage.exists(
        f"imports/values-{second}.xlsx"
    )
    assert client.post(f"/reports/import/{first}/").status_code == 302
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()
    client.post(f"/reports/import/{second}/")
    assert (
        QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
        .values.get(indicator__code="campaigns_mobile")
        .value
        == 3
    )
