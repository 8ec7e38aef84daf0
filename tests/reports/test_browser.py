"""The entry form in Chromium: rates computed as the clerk types, errors shown
beside the field after saving."""

import pytest

from digital_metrics.models import QuarterlyReport

from .conftest import old_commune

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_rates_as_the_clerk_types_and_errors_beside_the_fields(live_server, chromium_path, demo_tx, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_context(locale="vi-VN").new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "canbo_xuathoa")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit], input[type=submit]")
        page.goto(live_server.url + "/reports/01855/2024/2/edit/")
        page.fill("#id_copy_certifications", "217")
        page.fill("#id_copy_certifications_electronic", "126")
        rate = page.locator("output[data-code-self=copy_certification_electronic_rate]")
        assert rate.inner_text() == "126/217 = 58,06%"
        page.fill("#id_dossiers_resolved_on_time", "1.200")
        page.fill("#id_dossiers_resolved_late", "3")
        assert page.locator("output[data-code-self=dossiers_resolved]").inner_text() == "= 1.203"  # beside the total
        page.fill("#id_copy_certifications_electronic", "300")
        assert "text-danger" in rate.get_attribute("class")
        page.click("button[name=save]")
        page.wait_for_load_state()
        assert page.locator("#id_copy_certifications_electronic.is-invalid").count() == 1
        feedback = page.locator("#error_1_id_copy_certifications_electronic").inner_text()
        assert "(300) không được lớn hơn hồ sơ chứng thực bản sao từ bản chính (217)" in feedback
        # The typed values are kept and the rate is computed again on the returned page.
        assert rate.inner_text() == "300/217 = 138,25%"
        page.screenshot(path=str(tmp_path / "form-errors.png"), full_page=True)
        browser.close()
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()


def test_the_browser_reads_numbers_as_the_server_does(live_server, chromium_path, demo_tx):
    """static/js/numbers.js and core/numbers.py: one rule, checked on the same strings in both
    notations; an English page computes with "2,170" as two thousand one hundred and seventy."""
    from decimal import Decimal, InvalidOperation

    from playwright.sync_api import sync_playwright

    from core.numbers import parse_number

    samples = ["2.531", "2,531", "58,06", "82.05", "1.234.567", "1,234,567", "9.999,5", "9,999.5", "1,000", "1.000",
               "100", "0,5", "12%", "1.2.3", "abc", ""]  # fmt: skip

    def server(text, notation):
        try:
            value = parse_number(text, notation)
        except (InvalidOperation, ValueError):
            return "NaN"
        return None if value is None else float(Decimal(value))

    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_context().new_page()
        page.goto(live_server.url + "/accounts/login/")
        page.fill("input[name=username]", "canbo_xuathoa")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit], input[type=submit]")
        page.goto(live_server.url + "/reports/01855/2024/2/edit/")
        for notation in ("vi", "en"):
            got = page.evaluate(
                "([xs, n]) => xs.map(x => { const v = PortalNumbers.parseNumber(x, n); return Number.isNaN(v) ? 'NaN' : v; })",
                [samples, notation],
            )
            assert got == [server(s, notation) for s in samples], notation
        # In English, the live calculation reads the English way, as the server will.
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
        page.goto(live_server.url + "/reports/01855/2024/2/edit/")
        page.fill("#id_copy_certifications", "2,170")
        page.fill("#id_copy_certifications_electronic", "1,260")
        assert page.locator("output[data-code-self=copy_certification_electronic_rate]").inner_text() == (
            "1,260/2,170 = 58.06%"
        )
        browser.close()
