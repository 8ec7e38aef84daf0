"""In Chromium: the clerk's first page, the form's live rules, and the pages of
issue 10 at a 1366×768 laptop and a 390×844 phone, never wider than the screen."""

import pytest
from playwright.sync_api import sync_playwright

from wards.models import SupervisingBody

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
SIZES = [(1366, 768), (390, 844)]


def _sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "demo")
    page.click("button[type=submit]")
    page.wait_for_load_state()


def _overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_the_form_shows_the_servers_rules_while_typing(demo_tx, live_server, chromium_path):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        _sign_in(page, live_server.url, "canbo_xuathoa")
        page.goto(f"{live_server.url}/")
        card = page.locator(".next-due")
        assert "Quý II/2024" in card.inner_text()
        card.get_by_role("link", name="Nhập số liệu trực tuyến").click()
        page.wait_for_url("**/reports/01855/2024/2/edit/")
        page.fill('input[data-code="households"]', "831")
        page.fill('input[data-code="households_with_smartphone"]', "803")
        page.fill('input[data-code="households_without_smartphone"]', "27")
        box = page.locator('#div_id_households .live-issue[data-severity="error"]')
        assert "(803 + 27 = 830) phải bằng tổng số hộ dân (831)" in box.inner_text()
        page.fill('input[data-code="households_without_smartphone"]', "28")
        assert page.locator("#div_id_households .live-issue").count() == 0  # fixed: the sentence goes
        page.fill('input[data-code="copy_certifications"]', "217")
        page.fill('input[data-code="copy_certifications_electronic"]', "300")
        assert (
            "không được lớn hơn"
            in page.locator("#div_id_copy_certifications_electronic .live-issue").first.inner_text()
        )
        page.fill('input[data-code="chip_id_cards"]', "25.000")  # Quý I/2024: 2.531
        warning = page.locator('#div_id_chip_id_cards .live-issue[data-severity="warning"]')
        assert "khác xa quý trước (2.531)" in warning.inner_text()
        assert page.locator("#completeness-count").inner_text() == "6"
        browser.close()


PAGES = {
    "canbo_xuathoa": ["/", "/reports/01855/2024/2/edit/", "/reports/01855/2024/1/", "/profile/01855/?on=2024-04-24"],
    "giamsat": [
        "/",
        "/profile/01855/?on=2024-04-24",
        "/profile/01837/?year=2023",
        "/supervision/",
        "/supervision/recommendations/",
        "/par/06/2023/",
        "/par/06/2023/?body={city}",
        "/compare/",
    ],
}
# Each supervision's page and one recommendation's, found by their links.
LINKED = {"canbo_xuathoa": ["/supervision/"], "giamsat": ["/supervision/", "/supervision/recommendations/"]}


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["1366x768", "390x844"])
def test_no_page_is_wider_than_the_screen(demo_tx, live_server, chromium_path, tmp_path, width, height):
    city = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn").pk  # before the browser's event loop
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        wide, visited = [], []
        for username, urls in PAGES.items():
            context = browser.new_context(viewport={"width": width, "height": height})
            page = context.new_page()
            _sign_in(page, live_server.url, username)
            for list_url in LINKED[username]:
                page.goto(f"{live_server.url}{list_url}")
                links = page.locator("main table a[href*='/supervision/']").evaluate_all(
                    "els => els.map(e => e.pathname)"
                )
                urls = [*urls, *sorted(set(links))[:3]]
            for url in urls:
                url = url.format(city=city)
                visited.append(url)
                page.goto(f"{live_server.url}{url}")
                if _overflow(page) > 0:
                    wide.append(f"{username} {url}: {_overflow(page)} px too wide")
                    page.screenshot(path=str(tmp_path / f"{username}-{len(wide)}.png"), full_page=True)
            context.close()
        browser.close()
        assert not wide, wide
        assert "/supervision/recommendations/" in visited
        assert any(
            u.startswith("/supervision/recommendations/") and u[-2].isdigit() for u in visited
        )  # a recommendation
        assert any(u.startswith("/supervision/") and u[-2].isdigit() and "recommendations" not in u for u in visited)


@pytest.mark.parametrize(("width", "height"), SIZES, ids=["1366x768", "390x844"])
def test_the_profile_opens_on_its_latest_period_beside_the_target(demo_tx, live_server, chromium_path, width, height):
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport={"width": width, "height": height})
        _sign_in(page, live_server.url, "giamsat")
        page.goto(f"{live_server.url}/profile/01837/?year=2023")
        heads = page.locator(".profile-table thead th")
        first, target = heads.first.bounding_box(), heads.last.bounding_box()
        latest = heads.nth(heads.count() - 2).bounding_box()  # Quý IV/2023, before the target
        assert heads.nth(heads.count() - 2).inner_text().startswith("Quý IV/2023")
        assert target["x"] + target["width"] <= width  # the target in sight
        assert latest["x"] >= first["x"] + first["width"] - 1  # the latest quarter not hidden under the indicators
        assert latest["x"] + latest["width"] <= target["x"] + 1
        # Scrolling back keeps the indicator column and the target in place.
        page.locator(".profile-scroll").evaluate("el => { el.scrollLeft = 0; }")
        assert abs(heads.first.bounding_box()["x"] - first["x"]) < 1
        assert abs(heads.last.bounding_box()["x"] - target["x"]) < 1
        below = page.locator('tr[data-indicator="dossiers_online_full_rate"] td.target-below').first
        assert "▼" in below.inner_text()
        browser.close()


def test_the_forms_save_bar_stays_two_lines_on_a_phone_in_both_languages(demo_tx, live_server, chromium_path):
    """The sticky bar (completeness and cancel, then the two buttons) takes no more of a
    390 px phone than it needs: its buttons side by side, in English too."""
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        for language in ("vi", "en"):
            context = browser.new_context(viewport={"width": 390, "height": 844})
            context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
            page = context.new_page()
            _sign_in(page, live_server.url, "canbo_xuathoa")
            page.goto(f"{live_server.url}/reports/01855/2024/2/edit/")
            bar = page.locator(".report-entry .sticky-bottom")
            save, submit = bar.locator("button[name=save]"), bar.locator("button[name=submit]")
            assert save.bounding_box()["y"] == submit.bounding_box()["y"], language  # one line of actions
            assert bar.bounding_box()["height"] < 90, language
            context.close()
        browser.close()
