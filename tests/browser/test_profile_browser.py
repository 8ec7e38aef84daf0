"""The supervision team signs in through the real login form in Chromium and
reads Xuất Hóa's profile, formatted the Vietnamese way."""

import pytest
from playwright.sync_api import sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def test_sign_in_and_read_the_profile(demo_tx, live_server, chromium_path, tmp_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(locale="en-US")
        page.goto(f"{live_server.url}/profile/01855/?on=2024-04-24")
        assert "/accounts/login/" in page.url  # anonymous: sent to the login page
        page.fill("#id_username", "giamsat")
        page.fill("#id_password", "demo")
        page.click("button[type=submit]")
        page.wait_for_url("**/profile/01855/**")
        row = page.locator('tr[data-indicator="chip_id_cards"]')
        assert "2.531" in row.inner_text()
        assert (
            "126/217 = 58,06%" in page.locator('tr[data-indicator="copy_certification_electronic_rate"]').inner_text()
        )
        assert page.locator("h1").inner_text().startswith("Phường Xuất Hóa")
        page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)
        browser.close()
