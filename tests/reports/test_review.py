"""The reviewer's view: old → new since the last approval; query counts that
do not grow with the number of wards."""

import re

import pytest

from digital_metrics.models import QuarterlyReport
from digital_metrics.reports import services

from .conftest import old_commune, ubnd_city

pytestmark = pytest.mark.django_db


def test_reviewer_sees_old_to_new_since_the_last_approval(as_persona, xuathoa_q1, user):
    clerk, reviewer = user("canbo_xuathoa"), user("noivu_thanhpho")
    services.report_reopen(report=xuathoa_q1, version=1, by=reviewer, reason="Cập nhật số CCCD")
    services.report_save_values(report=xuathoa_q1, raw={"chip_id_cards": "2.600"}, version=2, by=clerk)
    services.report_save_values(
        report=xuathoa_q1, raw={"chip_id_cards": "2.650", "eid_level1": "600"}, version=3, by=clerk
    )
    services.report_save_values(report=xuathoa_q1, raw={"eid_level1": "545"}, version=4, by=clerk)  # back as approved
    services.report_submit(report=xuathoa_q1, version=5, by=clerk)
    html = as_persona("admin").get("/reports/01855/2024/1/").content.decode()
    diff = html.split('class="table table-sm mb-0 diff-table"')[1].split("</table>")[0]
    rows = re.findall(r'data-indicator="([a-z_0-9]+)"', diff)
    assert rows == ["chip_id_cards"]
    assert "<del>2.531</del>" in diff and "2.650" in diff
    history = html.split("Lịch sử thay đổi")[1]
    assert "Cập nhật số CCCD" in history and "Mở lại" in history


def _submit(codes, user):
    for code in codes:
        report, _ = services.report_start(unit=old_commune(code), year=2024, quarter=3, by=user("admin"))
        services.report_save_values(report=report, raw={"campaigns_mobile": "2"}, version=1, by=user("admin"))
        services.report_submit(report=report, version=2, by=user("admin"))


def test_review_list_queries_do_not_grow_with_wards(as_persona, user, queries):
    client = as_persona("admin")
    _submit(["01837"], user)
    one = queries.get(client, "/reports/review/")
    _submit(["01855", "01843", "01852"], user)
    assert QuarterlyReport.objects.filter(status="submitted").count() == 5  # with the demo's Phùng Chí Kiên
    queries.same(one, queries.get(client, "/reports/review/"))


def test_home_due_list_queries_are_fixed(as_persona, user, queries):
    client = as_persona("clerk_xuathoa")
    # A body's lock costs one query to know its wards, whatever the number of locks and reports.
    services.period_lock(body=ubnd_city(), year=2023, quarter=4, by=user("noivu_thanhpho"))
    before = queries.get(client, "/")
    _submit(["01855"], user)
    services.period_lock(body=ubnd_city(), year=2024, quarter=2, by=user("noivu_thanhpho"))
    queries.same(before, queries.get(client, "/"))


def test_report_page_queries_do_not_grow_with_history(as_persona, songcau_draft, user, queries):
    client = as_persona("admin")
    first = queries.get(client, "/reports/01837/2024/2/")
    for version, value in enumerate(["2", "3", "4", "5"], start=1):
        services.report_save_values(
            report=songcau_draft, raw={"campaigns_mobile": value}, version=version, by=user("canbo_songcau")
        )
    queries.same(first, queries.get(client, "/reports/01837/2024/2/"))


def test_lock_state_shows_on_the_ward_profile(as_persona, user):
    url = "/profile/01855/?year=2024"
    assert "Đã khóa" not in as_persona("supervisor").get(url).content.decode()
    services.period_lock(body=ubnd_city(), year=2024, quarter=1, by=user("noivu_thanhpho"))
    assert "Đã khóa" in as_persona("supervisor").get(url).content.decode()
