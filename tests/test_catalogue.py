from decimal import Decimal

import pytest
from django.utils import translation

from core.numbers import parse_number
from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.catalogue.validation import validate
from digital_metrics.models import Indicator, IndicatorRelation

pytestmark = pytest.mark.django_db


@pytest.fixture
def check():
    indicators = catalogue()
    relations = list(IndicatorRelation.objects.select_related("whole").prefetch_related("parts"))

    def run(values, previous=None):
        with translation.override("vi"):
            return validate(values, indicators=indicators, relations=relations, previous=previous)

    return run


def messages(result):
    return [issue.message for issue in result.errors]


def test_every_figure_of_the_article_has_an_indicator():
    codes = set(Indicator.objects.values_list("code", flat=True))
    assert {
        "copy_certifications",
        "copy_certifications_electronic",
        "copy_certification_electronic_rate",
        "dossiers_resolved",
        "dossiers_online",
        "procedures_reviewed",
        "procedures_proposed_simplification",
        "broadcasts_loudspeaker",
        "campaigns_mobile",
        "festival_sessions",
        "festival_participants",
        "staff_computer_rate",
        "one_stop_digital_signature_rate",
        "electronic_documents_rate",
        "health_records_rate",
        "chip_id_cards",
        "eid_level1",
        "eid_level2",
        "households",
        "households_with_smartphone",
        "households_without_smartphone",
        "poor_households_without_smartphone",
        "near_poor_households_without_smartphone",
        "cashless_payment",
        "online_payment_channels",
    } <= codes


def test_flows_sum_and_stocks_take_the_latest():
    assert Indicator.objects.get(code="dossiers_resolved_on_time").aggregation == "sum"
    assert Indicator.objects.get(code="chip_id_cards").aggregation == "latest"
    rate = Indicator.objects.get(code="copy_certification_electronic_rate")
    assert (rate.numerator.code, rate.denominator.code) == ("copy_certifications_electronic", "copy_certifications")
    assert not rate.direct_rate_allowed and not rate.is_entered
    assert Indicator.objects.get(code="health_records_rate").direct_rate_allowed


def test_numerator_may_not_exceed_denominator(check):
    result = check({"copy_certifications": "217", "copy_certifications_electronic": "300"})
    assert messages(result) == [
        "Hồ sơ chứng thực bản sao điện tử từ bản chính (300) không được lớn hơn "
        "hồ sơ chứng thực bản sao từ bản chính (217)."
    ]
    assert result.errors[0].field == "copy_certifications_electronic"
    assert check({"copy_certifications": "217", "copy_certifications_electronic": "126"}).is_valid


def test_households_with_and_without_a_smartphone_make_all_households(check):
    assert check({"households": 831, "households_with_smartphone": 803, "households_without_smartphone": 28}).is_valid
    result = check({"households": 831, "households_with_smartphone": 800, "households_without_smartphone": 28})
    assert result.errors[0].field == "households"
    assert "(800 + 28 = 828) phải bằng tổng số hộ dân (831)" in result.errors[0].message


def test_poor_and_near_poor_within_households_without_a_smartphone(check):
    ok = {"households_without_smartphone": 28, "poor_households_without_smartphone": 5}
    assert check({**ok, "near_poor_households_without_smartphone": 1}).is_valid
    result = check({**ok, "near_poor_households_without_smartphone": 24})
    assert result.errors[0].rule == "parts_lte_whole"
    assert "(29) không được lớn hơn hộ chưa có điện thoại thông minh (28)" in result.errors[0].message


def test_whole_numbers_and_rates_in_range(check):
    assert messages(check({"chip_id_cards": "-3"})) == [
        "“Thẻ CCCD gắn chíp đã cấp (lũy kế)” phải là số nguyên không âm (đã nhập: -3)."
    ]
    assert check({"chip_id_cards": "2,5"}).errors[0].rule == "whole_non_negative"
    assert check({"health_records_rate": "182"}).errors[0].rule == "rate_range"
    assert check({"health_records_rate": "82,05"}).values["health_records_rate"] == Decimal("82.05")
    assert check({"chip_id_cards": "2.531"}).values["chip_id_cards"] == Decimal(2531)
    assert check({"chip_id_cards": "hai nghìn"}).errors[0].rule == "number"


def test_computed_and_unknown_codes_are_refused(check):
    assert check({"copy_certification_electronic_rate": "58"}).errors[0].rule == "computed"
    assert check({"no_such_code": "1"}).errors[0].rule == "unknown"


def test_far_from_history_is_a_warning_not_an_error(check):
    result = check({"dossiers_received": 900}, previous={"dossiers_received": Decimal(200)})
    assert result.is_valid
    assert [w.rule for w in result.warnings] == ["far_from_history"]
    assert "khác xa quý trước (200)" in result.warnings[0].message


def test_parse_number_reads_vietnamese_notation():
    assert parse_number("2.531") == 2531
    assert parse_number("58,06") == Decimal("58.06")
    assert parse_number("1.234.567") == 1234567
    assert parse_number("82.05") == Decimal("82.05")
    assert parse_number("") is None


def test_the_live_catalogue_is_what_the_migrations_loaded():
    """Migrations read frozen copies of the catalogue (migrations/data/): a change
    to catalogue/indicators.json or procedures.json needs its own migration,
    and this test says so when one is missing."""
    import json
    from pathlib import Path

    from digital_metrics.models import Indicator
    from procedures.models import Procedure

    root = Path(__file__).resolve().parent.parent
    live = json.loads((root / "digital_metrics/catalogue/indicators.json").read_text(encoding="utf-8"))
    stored = {i.code: i for i in Indicator.objects.all()}
    for row in live["indicators"]:
        ind = stored[row["code"]]
        for name in ("name_vi", "name_en", "section", "value_type", "aggregation"):
            assert getattr(ind, name) == row[name], (row["code"], name)
        for name in ("hint", "hint_en", "unit", "unit_en"):
            assert getattr(ind, name) == row.get(name, ""), (row["code"], name)
    procedures = json.loads((root / "procedures/catalogue/procedures.json").read_text(encoding="utf-8"))
    assert set(Procedure.objects.values_list("code", flat=True)) == {p["code"] for p in procedures["procedures"]}


def test_the_catalogue_of_a_write_is_the_catalogue_as_it_is_now():
    """Kept between writes on PostgreSQL while the catalogue's tables are the same, built
    afresh on any change (even one made without signals, as update() does); always built afresh elsewhere."""
    from django.db import connection

    from digital_metrics.catalogue.selectors import current_catalogue

    first = current_catalogue()
    assert (current_catalogue() is first) == (connection.vendor == "postgresql")
    Indicator.objects.filter(code="campaigns_mobile").update(name_vi="Số cuộc tuyên truyền lưu động (sửa)")
    changed = current_catalogue()
    assert changed is not first and changed.by_code["campaigns_mobile"].name_vi.endswith("(sửa)")
    IndicatorRelation.parts.through.objects.filter(indicatorrelation=IndicatorRelation.objects.first()).delete()
    assert current_catalogue() is not changed
