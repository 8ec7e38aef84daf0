"""In Chromium: the clerk sees the system's figure beside a field and accepts it from there."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.test_profile_browser import CHROMIUM_ARGS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_accept_the_systems_figure_beside_its_field(demo_tx, live_server, chromium_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{live_server.url}/accounts/login/?next=/reports/01855/2024/2/edit/")
        page.fill("#id_username", "canbo_xuathoa")
        page.fill("#id_password", "demo")
        page.click("button[type=submit]")
        page.wait_for_url("**/reports/01855/2024/2/edit/")
        hint = page.locator("#id_dossiers_postal + .onestop-hint")
        assert hint.inner_text().startswith("Hệ thống một cửa: 3")
        hint.get_by_role("button").click()  # submits the panel's accept form of that field
        page.wait_for_load_state()
        assert "Đã nhận số liệu từ hệ thống một cửa (1 giá trị thay đổi)." in page.content()
        assert page.input_value("#id_dossiers_postal") == "3"
        assert page.locator('tr[data-onestop-code="dossiers_postal"] [data-state="accepted"]').count() == 1
        assert not errors
        browser.close()
