import datetime
from decimal import Decimal

import pytest
from django import forms
from django.utils import translation

from core.collation import sort_vi
from core.numbers import format_number, format_percent
from core.templatetags.portal import vndate
from digital_metrics.periods import Quarter, quarter_label


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def test_numbers_and_percentages_the_vietnamese_way():
    assert format_number(2531) == "2.531"
    assert format_number(Decimal("1234567.5")) == "1.234.567,50"
    assert format_percent(Decimal(126) * 100 / Decimal(217)) == "58,06%"
    assert format_percent(Decimal("82.05")) == "82,05%"
    assert format_percent(100) == "100%"


def test_english_is_the_second_language():
    with translation.override("en"):
        assert format_number(2531) == "2,531"
        assert format_percent(Decimal("82.05")) == "82.05%"


def test_dates_and_quarters():
    assert vndate(datetime.date(2024, 4, 24)) == "24/04/2024"
    assert quarter_label(2024, 1) == "Quý I/2024"
    assert Quarter(2023, 4).label == "Quý IV/2023"
    assert Quarter(2024, 1).previous() == Quarter(2023, 4)


def test_typed_dates_are_read_day_first():
    field = forms.DateField()
    assert field.clean("05/04/2024") == datetime.date(2024, 4, 5)
    assert field.clean("24/04/2024") == datetime.date(2024, 4, 24)
    assert field.clean("2024-04-24") == datetime.date(2024, 4, 24)
    with pytest.raises(forms.ValidationError):
        field.clean("04/24/2024")  # month first is not a Vietnamese date


def test_names_sort_the_vietnamese_way():
    names = ["Phường Xuất Hóa", "Xã Đức Xuân", "Phường Ân Thi", "Phường Dương Quang", "Phường An Bình", "Phường Ăn Cư"]
    assert sort_vi(names, key=str) == [
        "Phường An Bình",
        "Phường Ăn Cư",
        "Phường Ân Thi",
        "Phường Dương Quang",
        "Phường Xuất Hóa",
        "Xã Đức Xuân",
    ]
    assert sorted(["Đức", "Dương", "Em"]) != sort_vi(["Đức", "Dương", "Em"], key=str)


@pytest.mark.django_db
def test_vietnamese_by_default_even_for_an_english_browser(as_persona):
    client = as_persona("supervisor")
    page = client.get("/profile/01855/?on=2024-04-24", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert "Thẻ CCCD gắn chíp đã cấp (lũy kế)" in page and "2.531" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/profile/01855/?on=2024-04-24").content.decode()
    assert "Chip ID cards issued (cumulative)" in page and "2,531" in page


@pytest.mark.django_db
def test_catalogue_hints_and_units_follow_the_language(as_persona):
    client = as_persona("clerk_xuathoa")
    page = client.get("/catalogue/indicators/").content.decode()
    assert "Tổng số hồ sơ TTHC tiếp nhận trong quý" in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get("/catalogue/indicators/").content.decode()
    assert "All procedure dossiers received in the quarter" in page
    profile = client.get("/profile/01855/?on=2024-04-24").content.decode()
    assert "(households)" in profile and "(hộ)" not in profile
    api = client.get("/api/v1/indicators/households/").json()
    assert (api["unit"], api["unit_en"]) == ("hộ", "households")


@pytest.mark.django_db
def test_a_date_and_time_read_as_the_language_writes_them(as_persona):
    """The report's "Gửi:" line: the time then the day in Vietnamese (14:30 24/04/2024),
    as every page shows a moment (the formats module), never a pattern of its own."""
    import re

    client = as_persona("reviewer")
    head = client.get("/reports/01843/2024/2/").content.decode().split("Gửi:")[1][:200]
    assert re.search(r", \d{2}:\d{2} \d{2}/\d{2}/\d{4}", head), head
    client.cookies["django_language"] = "en"
    head = client.get("/reports/01843/2024/2/").content.decode().split("Submitted:")[1][:200]
    assert re.search(r", \d{2}/\d{2}/\d{4} \d{2}:\d{2}", head), head
