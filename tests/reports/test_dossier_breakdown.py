"""Dossiers per field: the ward's totals become the sums of the fields, are no
longer typed in the form, the import or the API, and every rule still applies."""

import pytest

from digital_metrics.models import AuditEntry, QuarterlyReport
from procedures.models import DossierStat, Field

from .conftest import old_commune

pytestmark = pytest.mark.django_db
URL = "/procedures/dossiers/01837/2024/2/"


COLUMNS = ("received", "resolved_on_time", "resolved_late", "online_full", "online_partial", "at_desk", "postal",
           "paid_online")  # fmt: skip


def row_data(field, *values, **counts):
    """A field's row of the form, by column name or in COLUMNS order."""
    counts.update(zip(COLUMNS, values, strict=False))
    return {f"f{field.pk}-{k}": str(v) for k, v in counts.items()}


def fields():
    return list(Field.objects.order_by("order", "code"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [("anonymous", 302), ("clerk_xuathoa", 404), ("clerk_songcau", 200), ("supervisor", 404), ("admin", 200)],
)
def test_page_by_persona(as_persona, songcau_draft, persona, status):
    assert as_persona(persona).get(URL).status_code == status


def test_totals_are_the_sums_of_the_fields(as_persona, songcau_draft):
    ht, ct = fields()[:2]
    data = {"version": "1", **row_data(ht, 100, 95, 2, 30, 30, 40, 0, 20), **row_data(ct, 72, 76, 1, 25, 15, 32, 0, 11)}
    client = as_persona("clerk_songcau")
    assert client.post(URL, data).status_code == 302
    report = QuarterlyReport.objects.get(pk=songcau_draft.pk)
    values = {rv.indicator.code: rv.value for rv in report.values.select_related("indicator")}
    assert values["dossiers_received"] == 172 and values["dossiers_online_full"] == 55
    assert values["dossiers_resolved_on_time"] == 171 and values["dossiers_paid_online"] == 31
    assert report.dossiers_from_fields and DossierStat.objects.filter(report=report).count() == 2
    assert report.version == 2  # totals unchanged from the demo's, the breakdown still moved the version
    assert AuditEntry.objects.filter(report=report, indicator_code=f"dossiers:{ht.code}").exists()
    # The form no longer takes the totals: a posted value is ignored, the field is disabled.
    page = client.get("/reports/01837/2024/2/edit/").content.decode()
    assert 'name="dossiers_received"' in page and "Tổng của số liệu theo lĩnh vực." in page
    client.post(
        "/reports/01837/2024/2/edit/",
        {"version": "2", "dossiers_received": "999", "campaigns_mobile": "2", "save": "1"},
    )
    report.refresh_from_db()
    assert report.values.get(indicator__code="dossiers_received").value == 172
    assert report.values.get(indicator__code="campaigns_mobile").value == 2
    # Nor the API.
    response = client.put(
        "/api/v1/reports/01837/2024/2/",
        {"version": 3, "values": {"dossiers_received": 5}},
        content_type="application/json",
    )
    assert response.status_code == 400 and "theo lĩnh vực" in response.json()["values"]["dossiers_received"][0]


def test_a_field_whose_channels_do_not_add_up_is_named(as_persona, songcau_draft):
    ht = fields()[0]
    data = {"version": "1", **row_data(ht, received=10, online_full=3, online_partial=3, at_desk=3, postal=0)}
    response = as_persona("clerk_songcau").post(URL, data)
    assert response.status_code == 200
    assert (
        "Tư pháp – Hộ tịch: tổng các kênh (3 + 3 + 3 + 0 = 9) phải bằng số hồ sơ tiếp nhận (10)."
        in response.content.decode()
    )
    assert not DossierStat.objects.exists()


def test_catalogue_rules_apply_to_the_totals(as_persona, songcau_draft):
    """paid_online ≤ received holds per field, and the history warning on the totals needs confirming."""
    ht = fields()[0]
    data = {"version": "1", **row_data(ht, received=900, online_full=900, paid_online=10)}
    response = as_persona("clerk_songcau").post(URL, data)
    assert "khác xa quý trước" in response.content.decode()
    assert not DossierStat.objects.exists()
    response = as_persona("clerk_songcau").post(URL, {**data, "confirm_warnings": "on"})
    assert response.status_code == 302
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).values.get(indicator__code="dossiers_received").value == 900


def test_stale_version_is_refused(as_persona, songcau_draft, user):
    from digital_metrics.reports import services

    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "3"}, version=1, by=user("admin"))
    ht = fields()[0]
    response = as_persona("clerk_songcau").post(URL, {"version": "1", **row_data(ht, received=5, at_desk=5)})
    assert "phiên bản 1, nay là 2" in response.content.decode()
    assert not DossierStat.objects.exists()


def test_the_import_refuses_totals_of_a_report_with_a_breakdown(as_persona, songcau_draft, user):
    from digital_metrics.reports.excel.values import plan_import, read_workbook

    from .xlsx import workbook

    ht = fields()[0]
    as_persona("clerk_songcau").post(
        URL, {"version": "1", **row_data(ht, received=172, online_full=55, online_partial=45, at_desk=72)}
    )
    assert QuarterlyReport.objects.get(unit=old_commune("01837"), year=2024, quarter=2).dossiers_from_fields
    rows = [
        {
            "unit_code": "01837",
            "year": 2024,
            "quarter": 2,
            "version": 2,
            "dossiers_received": 180,
            "campaigns_mobile": 2,
        }
    ]
    plan = plan_import(
        read_workbook(workbook(rows, codes=["dossiers_received", "campaigns_mobile"])), by=user("canbo_songcau")
    )
    assert {e.field for e in plan.errors} == {"dossiers_received"}
    assert "theo lĩnh vực" in plan.errors[0].message
