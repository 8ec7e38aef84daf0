"""The clerk's first page: the report to do next on top with its deadline and
its templates, the quarters oldest due first; every quarter has a template."""

import io
import re

import pytest
from openpyxl import load_workbook

from digital_metrics.reports.excel import pipeline
from procedures.activity_import import COLUMNS, SHEET

pytestmark = pytest.mark.django_db


def _card(html: str) -> str:
    return html.split('next-due"', 1)[1].split("</section>", 1)[0].split('class="card"', 1)[0]


def test_the_next_report_due_is_the_oldest_quarter_not_sent(as_persona):
    html = as_persona("clerk_xuathoa").get("/").content.decode()
    assert "Báo cáo cần làm tiếp" in html
    card = _card(html)
    # Xuất Hóa's demo stops at Quý I/2024: Quý II/2024 is the oldest not sent, long past its deadline.
    assert "Quý II/2024" in card and "20/07/2024" in card and "quá hạn" in card
    assert "còn 5 quý phải nộp" in card  # Quý II/2024 to Quý II/2025, the ward's last
    assert "/reports/01855/2024/2/edit/" in card  # fill it online
    assert "/reports/01855/2024/2/excel/" in card  # or download its template
    assert "/procedures/activity/01855/2024/2/excel/" in card  # and the per-procedure detail's
    assert "/procedures/activity/import/" in card
    rows = re.findall(r'<tr[^>]*data-period="(\d{4}-\d)"', html)
    assert rows[:3] == ["2024-2", "2024-3", "2024-4"]  # oldest due first
    # Every quarter of the list, sent or not, has its template.
    for period in rows:
        year, quarter = period.split("-")
        assert f"/reports/01855/{year}/{quarter}/excel/" in html


def test_the_supervisor_does_not_get_the_clerks_page(as_persona):
    assert "Báo cáo cần làm tiếp" not in as_persona("supervisor").get("/").content.decode()


def test_a_quarter_not_started_has_its_template(as_persona):
    response = as_persona("clerk_xuathoa").get("/reports/01855/2024/3/excel/")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    codes = rows[1]
    row = dict(zip(codes, rows[2], strict=False))
    assert (row["unit_code"], int(row["year"]), int(row["quarter"])) == ("01855", 2024, 3)


def test_the_procedure_detail_template_is_read_back_by_its_import(as_persona):
    response = as_persona("clerk_xuathoa").get("/procedures/activity/01855/2024/3/excel/")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('chi-tiet-thu-tuc-01855-2024-q3.xlsx"')
    sheet = pipeline.read_sheet(response.content, SHEET, required=COLUMNS)
    assert sheet.problems == []
    wb = load_workbook(io.BytesIO(response.content))
    assert "Danh mục thủ tục" in wb.sheetnames  # the procedures' codes to copy
    assert wb["Danh mục thủ tục"].max_row > 1


def test_the_clerks_home_queries_do_not_grow_with_reports(as_persona, user, queries):
    from digital_metrics.reports import services
    from wards.models import AdministrativeUnit

    client = as_persona("clerk_xuathoa")
    before = queries.get(client, "/")
    unit = AdministrativeUnit.objects.get(code="01855", valid_to__isnull=False)
    for quarter in (2, 3):
        services.report_write(
            unit=unit, year=2024, quarter=quarter, raw={"campaigns_mobile": "2"}, version=0, by=user("canbo_xuathoa")
        )
    queries.same(before, queries.get(client, "/"))
    queries.at_most(20, before)


def test_a_clerk_of_several_wards_costs_no_more_queries(as_persona, user, queries):
    from wards.choices import Role
    from wards.models import AdministrativeUnit, Membership

    client = as_persona("clerk_xuathoa")
    one = queries.get(client, "/")
    for code in ("01837", "01843"):
        unit = AdministrativeUnit.objects.get(code=code, level="commune", valid_to__isnull=False)
        Membership.objects.create(user=user("canbo_xuathoa"), role=Role.CLERK, unit=unit)
    client = as_persona("clerk_xuathoa")  # a new session: access is read once per request
    three = queries.get(client, "/")
    assert three.count and "Phường Sông Cầu" in client.get("/").content.decode()
    queries.same(one, three)


def test_when_nothing_is_due_the_running_quarter_is_next():
    import datetime

    from digital_metrics.periods import Quarter
    from digital_metrics.reports.selectors import due_list, next_due
    from wards.models import AdministrativeUnit

    # Phường Bắc Kạn (from 01/07/2025) on its first day: no quarter has ended yet.
    unit = AdministrativeUnit.objects.get(code="01843", valid_from=datetime.date(2025, 7, 1))
    rows = due_list(unit=unit, today=datetime.date(2025, 7, 1))
    assert [r.period for r in rows] == [Quarter(2025, 3)]
    assert next_due(rows).period == Quarter(2025, 3) and not next_due(rows).is_overdue
