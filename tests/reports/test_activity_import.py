"""The per-procedure detail, imported as the one-stop software exports it, so
that "28 procedures in 7 fields, 9 with online payment" is counted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digital_metrics.models import AuditEntry, QuarterlyReport
from procedures.activity_import import COLUMNS, SHEET
from procedures.models import ProcedureActivity
from procedures.selectors import activity_rows, online_activity

from .conftest import old_commune
from .xlsx import sheet_bytes

pytestmark = pytest.mark.django_db
URL = "/procedures/activity/import/"

# A sheet of test data shaped like the article's count (28 procedures in 7
# fields, 9 of them paid online, all in Tư pháp – Hộ tịch; 123 dossiers). Which
# procedures they were the article does not say, so the demo does not have
# this: only the tests do. (procedure code, online dossiers, of which paid online)
EXAMPLE_PROCEDURES = [
    ("HT-01", 15, 6),
    ("HT-02", 6, 3),
    ("HT-03", 5, 2),
    ("HT-04", 2, 1),
    ("HT-05", 2, 1),
    ("HT-06", 3, 1),
    ("HT-07", 12, 5),
    ("HT-08", 9, 4),
    ("HT-09", 4, 2),
    ("HT-10", 1, 0),
    ("HT-11", 8, 0),
    ("HT-12", 3, 0),
    ("CT-01", 10, 0),
    ("CT-02", 6, 0),
    ("CT-03", 2, 0),
    ("CT-04", 1, 0),
    ("CT-05", 2, 0),
    ("BTXH-01", 5, 0),
    ("BTXH-02", 3, 0),
    ("BTXH-03", 2, 0),
    ("BTXH-04", 4, 0),
    ("NCC-01", 3, 0),
    ("NCC-02", 2, 0),
    ("TDKT-01", 4, 0),
    ("TDKT-02", 2, 0),
    ("VH-01", 3, 0),
    ("VH-02", 1, 0),
    ("DD-02", 3, 0),
]


def sheet(rows) -> bytes:
    return sheet_bytes(SHEET, COLUMNS, rows)


def upload(client, data):
    return client.post(URL, {"file": SimpleUploadedFile("mot-cua.xlsx", data)})


def xuathoa_rows(year=2024, quarter=2):
    return [("01855", year, quarter, code, n, paid) for code, n, paid in EXAMPLE_PROCEDURES]


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("clerk_xuathoa", 200), ("clerk_songcau", 200), ("supervisor", 403), ("admin", 200)],
)
def test_page_by_persona(as_persona, persona, status):
    assert as_persona(persona).get(URL).status_code == status


def test_the_28_procedures_in_7_fields_are_counted(as_persona):
    client = as_persona("clerk_xuathoa")
    response = upload(client, sheet(xuathoa_rows()))
    plan = response.context["plan"]
    assert not plan.errors and len(plan.changed) == 1
    assert client.post(f"{URL}{response.context['token']}/").status_code == 302
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    counted = online_activity(activity_rows([report.pk])[report.pk])
    assert (counted.procedures, counted.fields, counted.paid_procedures, counted.online_dossiers) == (28, 7, 9, 123)
    assert counted.paid_fields == ["Tư pháp – Hộ tịch"]
    assert AuditEntry.objects.filter(report=report, indicator_code__startswith="procedure:").count() == 28


def test_a_bad_row_in_the_middle_writes_nothing(as_persona):
    rows = xuathoa_rows()
    rows.insert(10, ("01855", 2024, 2, "HT-03", 2, 5))  # paid > online
    rows.insert(12, ("01855", 2024, 2, "XX-99", 2, 0))  # unknown procedure
    response = upload(as_persona("clerk_xuathoa"), sheet(rows))
    errors = response.context["plan"].errors
    messages = {(e.row, e.column): e.message for e in errors}
    assert "không được lớn hơn hồ sơ trực tuyến (2)" in messages[(13, "F")]
    assert "XX-99" in messages[(15, "D")]
    assert not response.context["token"]
    assert not ProcedureActivity.objects.filter(
        report__unit=old_commune("01855"), report__year=2024, report__quarter=2
    ).exists()


def test_another_ward_or_an_approved_report_is_refused(as_persona):
    response = upload(as_persona("clerk_xuathoa"), sheet([("01837", 2024, 2, "HT-01", 3, 1)]))
    assert "không có quyền" in response.context["plan"].errors[0].message
    response = upload(as_persona("clerk_xuathoa"), sheet(xuathoa_rows(2024, 1)))
    assert "Đã duyệt" in response.context["plan"].errors[0].message


def test_the_plan_reads_a_fixed_number_of_queries_whatever_the_number_of_wards(user, queries):
    """One ward or the city's eight: the same queries (it once read each ward's report and detail apart)."""
    from procedures.activity_import import ActivityImporter
    from wards.models import AdministrativeUnit

    city = AdministrativeUnit.objects.get(level="district", code="058")
    city_wards = [u.code for u in AdministrativeUnit.objects.communes_under(city)]
    assert len(city_wards) == 8
    admin, importer = user("admin"), ActivityImporter()
    one = sheet([(city_wards[0], 2024, 3, "HT-01", 3, 1)])
    eight = sheet([(code, 2024, 3, "HT-01", 3, 1) for code in city_wards])
    assert not importer.plan(eight, by=admin).errors  # also warms the user's access
    few = queries.of(importer.plan, one, by=admin, label="plan of one ward")
    many = queries.of(importer.plan, eight, by=admin, label="plan of eight wards")
    queries.same(few, many)
