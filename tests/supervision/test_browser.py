"""A clerk of Xuất Hóa answers a recommendation in a real browser (Debian's
Chromium through Playwright): progress text, status and an evidence file."""

import pytest

from supervision.models import Evidence, Recommendation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_clerk_reports_progress_with_evidence(live_server, chromium_path, demo_tx, tmp_path, settings):
    from playwright.sync_api import sync_playwright

    settings.MEDIA_ROOT = tmp_path / "media"
    rec = Recommendation.objects.get(supervision__kind="resupervision", number=3)
    evidence = tmp_path / "ke-hoach.pdf"
    evidence.write_bytes(b"%PDF-1.4\n%%EOF\n")
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path=chromium_path,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(locale="vi-VN")
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=username]", "canbo_xuathoa")
        page.fill("input[name=password]", "demo")
        page.click("button[type=submit], input[type=submit]")
        page.goto(f"{live_server.url}/")
        assert page.locator("#open-recommendations [data-overdue='1']").count() == 2
        page.goto(f"{live_server.url}/supervision/recommendations/{rec.pk}/")
        page.select_option("#progress-form select[name=status]", "in_progress")
        page.fill("#progress-form textarea[name=text]", "Đã rà soát 16 TTHC, gửi thành phố đề xuất đơn giản hóa 3 TTHC")
        page.set_input_files("#progress-form input[name=files]", str(evidence))
        page.click("#progress-form button[type=submit]")
        page.wait_for_selector("#timeline .card")
        timeline = page.inner_text("#timeline")
        assert "Đã rà soát 16 TTHC" in timeline and "ke-hoach.pdf" in timeline
        assert "Đang thực hiện" in page.inner_text("#status")
        assert "Chưa thực hiện → Đang thực hiện" in page.inner_text("#audit")
        browser.close()
    assert Evidence.objects.filter(note__recommendation=rec, original_name="ke-hoach.pdf").exists()
