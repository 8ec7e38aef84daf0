"""Exported cells never start a formula (OWASP CSV injection): text a clerk
typed is written with a leading apostrophe, numbers stay numbers, and our own
template reads it back unchanged."""

import csv
import io

import pytest
from openpyxl import load_workbook

from core import exports
from digital_metrics.models import Indicator, ReportValue
from tests.reports.conftest import old_commune, xuathoa_q1  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

ATTACKS = ['=HYPERLINK("http://x","y")', "=cmd|' /C calc'!A0", "+1+2", "-2+3", "@SUM(1)", "\t=1", "\r=1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_a_cell_that_would_start_a_formula_is_escaped_and_read_back(text):
    assert exports.cell(text) == "'" + text
    assert exports.unescape(exports.cell(text)) == text


@pytest.mark.parametrize("value", ["Xuất Hóa", "2.531", "58,06%", "", None, 5, -3, 2.5, "'quoted"])
def test_other_values_are_left_alone(value):
    assert exports.cell(value) == value


def test_csv_writer_escapes_every_field():
    out = io.StringIO()
    exports.csv_writer(out).writerows([["=1+1", "ok", -5], ["@x", "+y", "\tz"]])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows == [["'=1+1", "ok", "-5"], ["'@x", "'+y", "'\tz"]]


@pytest.mark.parametrize("url", ["/reports/01855/2024/1/excel/", "/reports/excel/2024/1/"])
def test_the_excel_exports_write_clerk_text_as_text(as_persona, xuathoa_q1, url):
    indicator = Indicator.objects.filter(value_type="text").first()
    assert indicator is not None, "the catalogue has a text indicator"
    ReportValue.objects.update_or_create(
        report=xuathoa_q1, indicator=indicator, defaults={"value": None, "text_value": ATTACKS[1]}
    )
    response = as_persona("admin").get(url)
    wb = load_workbook(io.BytesIO(response.content))
    ws = wb["Số liệu"]
    codes = [c.value for c in ws[2]]
    cells = [c for r in ws.iter_rows(min_row=3) for c in r if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"], "a cell is a formula"
    xuathoa = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "01855")
    assert dict(zip(codes, xuathoa, strict=True))[indicator.code] == "'" + ATTACKS[1]


def test_the_escaped_text_round_trips_through_the_import(as_persona, xuathoa_q1):
    from digital_metrics.reports.excel.values import read_workbook

    indicator = Indicator.objects.filter(value_type="text").first()
    ReportValue.objects.update_or_create(
        report=xuathoa_q1, indicator=indicator, defaults={"value": None, "text_value": "=1+1"}
    )
    data = as_persona("clerk_xuathoa").get("/reports/01855/2024/1/excel/").content
    [(_row, cells)] = read_workbook(data).rows
    assert cells[indicator.code] == "=1+1"
