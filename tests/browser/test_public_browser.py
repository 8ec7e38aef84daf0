"""An anonymous visitor reads the public pages in Chromium, on a laptop and on a phone:
from the login page's link to the council's page and a ward's page, what was published
and nothing else, without sideways scrolling at 390 px."""

import pytest
from playwright.sync_api import sync_playwright

from demo.supervision import RESUPERVISION_TITLE, THEMATIC_TITLE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = [(1366, 768), (390, 844)]


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_anonymous_reads_the_public_pages(demo_tx, live_server, chromium_path, tmp_path, width, height):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})

        def no_sideways_scroll():
            assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url

        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_role("link", name="Người dân: xem thông tin công khai (không cần đăng nhập)").click()
        page.wait_for_url("**/public/")
        no_sideways_scroll()
        page.get_by_role("link", name="HĐND thành phố Bắc Kạn").first.click()
        page.wait_for_url("**/public/*/")
        no_sideways_scroll()
        text = page.locator("main").inner_text()
        assert RESUPERVISION_TITLE in text and THEMATIC_TITLE not in text
        assert "Cán bộ một cửa" not in text
        ranks = page.locator("table.public-rankings tbody tr[data-unit='01855']")
        assert [r.strip() for r in ranks.locator("td.rank").all_inner_texts()] == ["14/108", "106/108"]
        assert page.locator(".public-recommendation .demo-badge").count() == 3  # the demo's deadlines and statuses
        page.screenshot(path=str(tmp_path / f"body-{width}.png"), full_page=True)
        page.locator("#don-vi").get_by_role("link", name="Phường Xuất Hóa").click()
        page.wait_for_url("**/01855/")
        no_sideways_scroll()
        figures = page.locator(".public-figures").inner_text()
        assert "126/217 = 58,06%" in figures and "594" in figures
        page.screenshot(path=str(tmp_path / f"unit-{width}.png"), full_page=True)
        page.goto(f"{live_server.url}/public/data/")
        no_sideways_scroll()
        assert page.locator("a[href='/public/data/rankings.csv']").count() == 1
        browser.close()
