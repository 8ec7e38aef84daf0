"""The supervision team's first page (the overview at /) in Chromium, on a
1366 px laptop and a 390 px phone: the table scrolls inside its frame, the
page itself is never wider than the screen."""

import pytest
from playwright.sync_api import sync_playwright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = [(1366, 768), (390, 844)]
OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"


def test_the_overview_fits_a_laptop_and_a_phone(demo_tx, live_server, chromium_path, tmp_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        for username in ("giamsat", "admin"):
            for width, height in SIZES:
                page = browser.new_page(viewport={"width": width, "height": height})
                page.goto(f"{live_server.url}/accounts/login/?next=/")
                page.fill("#id_username", username)
                page.fill("#id_password", "demo")
                page.click("button[type=submit]")
                page.wait_for_url(f"{live_server.url}/")
                assert page.locator("h1").inner_text() == "Tổng quan giám sát"
                assert page.locator('[data-testid="overview-table"] tbody tr').count() == 8
                assert page.evaluate(OVERFLOW) <= 0, f"{username} at {width}px: the page is wider than the screen"
                # Sorting by a column is one click; the profile one more.
                page.click('th a[data-sort="index"]')
                page.wait_for_url("**sort=index**")
                assert page.evaluate(OVERFLOW) <= 0
                page.locator('[data-testid="profile-link"]').first.click()
                page.wait_for_url("**/profile/**")
                page.screenshot(path=str(tmp_path / f"{username}-{width}.png"))
                page.close()
        browser.close()
