"""Numbers read and written the same way in every language (core.numbers): a
value shown in a form is read back as the same value, in Vietnamese and in
English, so re-saving a form never changes a stored value; bounds ("trên 98%")
enter through the form, Excel and the API alike."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.numbers import Bounded, parse_measure, parse_number
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import AuditAction
from digital_metrics.models import AuditEntry, QuarterlyReport
from digital_metrics.reports import services

from .conftest import old_commune
from .xlsx import workbook

pytestmark = pytest.mark.django_db
EDIT = "/reports/01837/2024/2/edit/"

# A value for every entered indicator of the catalogue, consistent with every rule:
# thousands (2.590 and 1.000: the numbers English once read as 2,59 and 1), decimals, a bound.
FULL = {
    "dossiers_received": 2590, "dossiers_online_full": 590, "dossiers_online_partial": 1000, "dossiers_at_desk": 999,
    "dossiers_postal": 1, "dossiers_paid_online": 1000, "dossiers_resolved_on_time": 2500, "dossiers_resolved_late": 12,
    "copy_certifications": 217, "copy_certifications_electronic": 126, "procedures_reviewed": 16,
    "procedures_proposed_simplification": 3, "broadcasts_loudspeaker": 15, "campaigns_mobile": 10,
    "festival_sessions": 7, "festival_participants": 1582, "procedures_online": 28, "procedure_fields_online": 7,
    "procedures_paid_online": 9, "procedures_paid_online_fields": "Tư pháp – Hộ tịch", "staff_computer_rate": Decimal("100"),
    "one_stop_digital_signature_rate": Decimal("99.5"), "electronic_documents_rate": Bounded(Decimal(98), "above"),
    "health_records_rate": Decimal("82.05"), "satisfaction_rate": Decimal("58.06"), "chip_id_cards": 12531,
    "eid_level1": 1000, "eid_level2": 731, "households": 1831, "households_with_smartphone": 1803,
    "households_without_smartphone": 28, "poor_households_without_smartphone": 5,
    "near_poor_households_without_smartphone": 1, "cashless_payment": "Duy trì, 1.000 giao dịch",
    "online_payment_channels": "BIDV, VietinBank, ví MoMo",
}  # fmt: skip


@pytest.fixture
def full_draft(songcau_draft, user):
    entered = {i.code for i in catalogue() if i.is_entered}
    missing = entered - set(FULL) - {"dossiers_resolved", "dossiers_online"}  # totals: their parts are given
    assert not missing, f"give a value to {missing}"
    services.report_save_values(
        report=songcau_draft, raw=FULL, version=1, by=user("canbo_songcau"), confirm_warnings=True
    )
    songcau_draft.refresh_from_db()
    return songcau_draft


def stored(report) -> dict:
    return {
        rv.indicator.code: (rv.text_value if rv.value is None else (rv.value, rv.bound))
        for rv in report.values.select_related("indicator")
    }


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_value_round_trips_through_the_form(as_persona, full_draft, language):
    client = as_persona("clerk_songcau")
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    before, version = stored(full_draft), full_draft.version
    form = client.get(EDIT).context["form"]
    shown = {code: form[code].value() or "" for code in form.codes}
    if language == "en":
        assert shown["dossiers_received"] == "2,590" and shown["eid_level1"] == "1,000"
        assert shown["electronic_documents_rate"] == "above 98%" and shown["health_records_rate"] == "82.05%"
    else:
        assert shown["dossiers_received"] == "2.590" and shown["eid_level1"] == "1.000"
        assert shown["electronic_documents_rate"] == "trên 98%" and shown["health_records_rate"] == "82,05%"
    response = client.post(EDIT, {**shown, "version": version, "note": "", "save": "1"})
    assert response.status_code == 302, response.context and response.context["form"].errors
    report = QuarterlyReport.objects.get(pk=full_draft.pk)
    assert stored(report) == before
    assert report.version == version  # nothing changed, nothing written
    assert not AuditEntry.objects.filter(report=report, action=AuditAction.VALUE, version__gt=version).exists()


def test_english_is_read_the_english_way(as_persona, songcau_draft):
    client = as_persona("clerk_songcau")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    data = {"version": "1", "campaigns_mobile": "1,000", "chip_id_cards": "2,590", "health_records_rate": "58.06",
            "confirm_warnings": "on", "save": "1"}  # fmt: skip
    assert client.post(EDIT, data).status_code == 302
    values = {rv.indicator.code: rv.value for rv in songcau_draft.values.select_related("indicator")}
    assert values["campaigns_mobile"] == 1000 and values["chip_id_cards"] == 2590
    assert values["health_records_rate"] == Decimal("58.06")


def test_one_rule_in_both_notations():
    for notation in ("vi", "en"):
        assert parse_number("9.999,5", notation) == parse_number("9,999.5", notation) == Decimal("9999.5")
        assert parse_number("1.234.567", notation) == 1234567
        assert parse_number("58,06", notation) == parse_number("58.06", notation) == Decimal("58.06")
    assert parse_number("2.531", "vi") == parse_number("2,531", "en") == 2531
    assert parse_number("2,531", "vi") == parse_number("2.531", "en") == Decimal("2.531")
    assert parse_measure("trên 98%", "vi") == parse_measure("above 98%", "en") == Bounded(Decimal(98), "above")
    assert parse_measure("dưới 5", "vi") == parse_measure("< 5", "en") == Bounded(Decimal(5), "below")


def test_above_98_enters_by_form_excel_and_api(as_persona, songcau_draft, user):
    client = as_persona("clerk_songcau")
    data = {"version": "1", "electronic_documents_rate": "trên 98%", "save": "1"}
    assert client.post(EDIT, data).status_code == 302
    rv = songcau_draft.values.get(indicator__code="electronic_documents_rate")
    assert (rv.value, rv.bound) == (Decimal(98), "above")
    assert AuditEntry.objects.get(report=songcau_draft, indicator_code="electronic_documents_rate").after == ">98"
    assert "trên 98%" in client.get("/reports/01837/2024/2/").content.decode()
    # The API: as an object or as text.
    url = "/api/v1/reports/01837/2024/2/"
    body = {"version": 2, "values": {"electronic_documents_rate": {"value": 97.5, "bound": "below"}}}
    response = client.put(url, body, content_type="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["values"]["electronic_documents_rate"] == {"value": 97.5, "bound": "below"}
    body = {"version": 3, "values": {"electronic_documents_rate": "> 99"}}
    answer = client.put(url, body, content_type="application/json").json()
    assert answer["values"]["electronic_documents_rate"] == {"value": 99, "bound": "above"}
    bad = {"version": 4, "values": {"electronic_documents_rate": {"value": 99, "bound": "about"}}}
    assert "electronic_documents_rate" in client.put(url, bad, content_type="application/json").json()["values"]
    # Excel: the template writes the bound as text, the import reads it back.
    sheet = workbook([{"unit_code": "01837", "year": 2024, "quarter": 2, "version": 4,
                       "electronic_documents_rate": "trên 98,5"}])  # fmt: skip
    preview = client.post("/reports/import/", {"file": SimpleUploadedFile("s.xlsx", sheet)})
    assert not preview.context["plan"].errors
    client.post(f"/reports/import/{preview.context['token']}/")
    rv = songcau_draft.values.get(indicator__code="electronic_documents_rate")
    assert (rv.value, rv.bound) == (Decimal("98.5"), "above")


def test_a_total_may_be_typed_when_its_parts_are_not_known(user):
    """594 dossiers resolved in 2023, the article says, not how many were late: the total alone is kept;
    with its parts it must add up."""
    clerk = user("canbo_xuathoa")
    report, _ = services.report_start(unit=old_commune("01855"), year=2024, quarter=2, by=clerk)
    services.report_save_values(report=report, raw={"dossiers_resolved": "150"}, version=1, by=clerk)
    assert report.values.get(indicator__code="dossiers_resolved").value == 150
    with pytest.raises(services.ReportInvalid) as error:
        services.report_save_values(
            report=report, raw={"dossiers_resolved_on_time": "140", "dossiers_resolved_late": "5"}, version=2, by=clerk
        )
    assert error.value.errors[0].field == "dossiers_resolved" and "phải bằng" in error.value.errors[0].message
