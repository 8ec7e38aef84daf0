"""The entry form carries the catalogue's rules as JSON for its script, the
server's own sentences included; and how much of a report is filled in."""

import json
import re

import pytest

from digital_metrics.catalogue.validation import MESSAGES
from digital_metrics.models import IndicatorRelation

pytestmark = pytest.mark.django_db
EDIT = "/reports/01855/2024/2/edit/"


def _rules(html: str) -> dict:
    found = re.search(r'<script id="report-rules" type="application/json">(.*?)</script>', html, re.S)
    assert found, "the form gives its rules to the page"
    return json.loads(found.group(1))


def test_the_form_gives_the_catalogues_rules_to_the_page(as_persona):
    html = as_persona("clerk_xuathoa").get(EDIT).content.decode()
    spec = _rules(html)
    by = {(r["kind"], r["whole"]): r for r in spec["rules"]}
    # Every relation of the catalogue is there, with the fields it reads.
    for rel in IndicatorRelation.objects.select_related("whole").prefetch_related("parts"):
        rule = by[(rel.kind, rel.whole.code)]
        assert rule["parts"] == [p.code for p in rel.parts.all()]
    assert by[("sum_eq", "households")]["parts"] == ["households_with_smartphone", "households_without_smartphone"]
    assert by[("sum_lte", "copy_certifications")]["id"] == "part_lte_whole"  # numerator above its denominator
    assert by[("total", "dossiers_resolved")]["parts"] == ["dossiers_resolved_on_time", "dossiers_resolved_late"]
    # The sentences are the server's, and last quarter's numbers are there for "far from last quarter".
    assert spec["messages"]["far_from_history"] == str(MESSAGES["far_from_history"])
    assert spec["fields"]["chip_id_cards"]["previous"] == "2531"
    assert spec["fields"]["health_records_rate"]["type"] == "rate"
    assert "js/report_rules.js" in html


def test_a_new_relation_reaches_the_page_without_touching_the_script(as_persona):
    from digital_metrics.models import Indicator

    rel = IndicatorRelation.objects.create(kind="sum_lte", whole=Indicator.objects.get(code="households"))
    rel.parts.set([Indicator.objects.get(code="chip_id_cards")])
    spec = _rules(as_persona("clerk_xuathoa").get(EDIT).content.decode())
    assert any(r["whole"] == "households" and r["parts"] == ["chip_id_cards"] for r in spec["rules"])


def test_the_rules_are_in_english_on_the_english_page(as_persona):
    client = as_persona("clerk_xuathoa")
    client.cookies["django_language"] = "en"
    spec = _rules(client.get(EDIT).content.decode())
    assert "differs greatly from the previous quarter" in spec["messages"]["far_from_history"]
    assert spec["fields"]["chip_id_cards"]["name"].startswith("Chip")


def test_completeness_on_the_form_and_the_report(as_persona, songcau_draft):
    client = as_persona("clerk_songcau")
    html = client.get("/reports/01837/2024/2/edit/").content.decode()
    found = re.search(r'id="completeness-count">(\d+)</span>/(\d+)</strong> chỉ tiêu đã nhập', html)
    assert found
    filled, expected = map(int, found.groups())
    assert 0 < filled < expected
    page = client.get("/reports/01837/2024/2/").content.decode()
    assert f"<strong>{filled}/{expected}</strong> chỉ tiêu đã nhập" in page
    assert "Các chỉ tiêu còn trống" in page
    # A report already approved says nothing about what is missing.
    assert "chỉ tiêu đã nhập" not in client.get("/reports/01837/2024/1/").content.decode()
