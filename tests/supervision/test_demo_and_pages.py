"""The article's re-supervision, as the pages show it; the home and profile blocks; query counts."""

import datetime

import pytest

from demo.services import load_demo
from supervision.models import Finding, Recommendation, RecommendationChange, Supervision, Verification
from supervision.services import recommendation_create
from wards.models import AdministrativeUnit

pytestmark = pytest.mark.django_db


def test_the_resupervision_page_shows_the_article(as_persona, demo_objects):
    page = as_persona("clerk_xuathoa").get(f"/supervision/{demo_objects['resup'].pk}/").content.decode()
    for text in (
        "Tái giám sát",
        '<dd class="col-sm-8" data-field="date">24/04/2024</dd>',
        "từ tháng 01/2023 đến hết tháng 04/2024",
        "<strong>Lê Đăng Trưởng</strong>, Phó Chủ tịch HĐND thành phố Bắc Kạn",
        "Trưởng đoàn",
        "Cải cách hành chính; Chuyển đổi số",
        "Nghị quyết số 280/NQ-HĐND ngày 14/12/2022",
        "Công chức Văn phòng – Thống kê",
        "không phát sinh hồ sơ dịch vụ bưu chính công ích",
        "Do tâm lý và thói quen của công dân",
        "địa bàn phường đi lại thuận tiện",
        "Phần mềm Một cửa điện tử, phần mềm Tư pháp – Hộ tịch, hệ thống thanh toán trực tuyến đôi khi còn bị lỗi",
        "Hoàn thiện phần mềm điện tử mới.",
        "BIDV, VietinBank và ví MoMo",
        "ban hành kịp thời kế hoạch chỉ đạo triển khai thực hiện nhiệm vụ",
        "nâng cao trình độ chuyên môn nghiệp vụ",
        "thường xuyên rà soát các thủ tục hành chính cần tinh giản",
        "Kết quả thực hiện 5 kiến nghị của cuộc giám sát trước",
        "126/217 hồ sơ, bằng 58,06%",
        "2.531 thẻ CCCD",
    ):
        assert text in page, text
    assert page.count("Đoàn tái giám sát ghi nhận") == 5


def test_demo_verdicts_and_findings(demo_objects):
    resup = demo_objects["resup"]
    verdicts = Verification.objects.filter(supervision=resup)
    assert verdicts.count() == 5 and set(verdicts.values_list("status", flat=True)) == {"done"}
    assert all(r.status == "done" and r.is_demo for r in demo_objects["earlier"])
    counts = {k: resup.findings.filter(kind=k).count() for k in ("shortcoming", "proposal", "conclusion")}
    assert counts == {"shortcoming": 2, "proposal": 2, "conclusion": 3}
    assert resup.head.name == "Lê Đăng Trưởng"


def test_load_demo_is_idempotent():
    counts = [Supervision, Recommendation, Finding, Verification, RecommendationChange]
    before = [m.objects.count() for m in counts]
    load_demo()
    assert [m.objects.count() for m in counts] == before


def test_home_lists_each_wards_open_recommendations(as_persona):
    clerk = as_persona("clerk_xuathoa").get("/").content.decode()
    assert 'id="open-recommendations"' in clerk
    assert clerk.count('data-overdue="1"') == 2  # conclusions 2 and 3, past 31/12/2024
    songcau = as_persona("clerk_songcau").get("/").content.decode()
    assert "Không có kiến nghị nào đang mở." in songcau


def test_profile_links_the_supervised_period(as_persona, demo_objects):
    page = as_persona("clerk_xuathoa").get("/profile/01855/?on=2024-04-24").content.decode()
    assert f'href="/supervision/{demo_objects["resup"].pk}/"' in page
    assert "thời kỳ 01/2023 – 04/2024" in page
    songcau = as_persona("clerk_songcau").get("/profile/01855/?on=2024-04-24").content.decode()
    assert f'href="/supervision/{demo_objects["resup"].pk}/"' not in songcau


@pytest.mark.parametrize(
    "url", ["/supervision/recommendations/", "/api/v1/recommendations/", "/supervision/", "/api/v1/supervisions/", "/"]
)
def test_query_count_does_not_grow_with_the_number_of_wards(as_persona, demo_objects, django_user_model, url, queries):
    client = as_persona("supervisor")
    baseline = queries.get(client, url)
    team = django_user_model.objects.get(username="giamsat")
    city = demo_objects["resup"].body.unit
    wards = list(AdministrativeUnit.objects.under(city).communes())
    sup = demo_objects["thematic"]
    for ward in wards:
        for i in range(3):
            recommendation_create(
                supervision=sup,
                by=team,
                text=f"Kiến nghị {i} cho {ward.name}",
                addressee_unit=ward,
                deadline=datetime.date(2025, 1, 1) + datetime.timedelta(days=i),
            )
    queries.same(baseline, queries.get(client, url))


def test_recommendation_page_query_count_is_bounded(as_persona, open_rec, queries):
    client = as_persona("clerk_xuathoa")
    queries.at_most(16, queries.get(client, f"/supervision/recommendations/{open_rec.pk}/"))


def test_a_merged_wards_profile_links_its_predecessors_supervisions(as_persona, demo_objects):
    # Phường Bắc Kạn (01843 from 01/07/2025) took in Xuất Hóa: the re-supervision of Xuất Hóa is part of its history.
    page = as_persona("supervisor").get("/profile/01843/?on=2025-07-01").content.decode()
    assert 'data-testid="merged-from"' in page
    assert f'href="/supervision/{demo_objects["resup"].pk}/"' in page
    assert "; Phường Xuất Hóa" in page


def test_supervision_page_query_count_does_not_grow_with_recommendations(
    as_persona, demo_objects, django_user_model, queries
):
    client = as_persona("supervisor")
    url = f"/supervision/{demo_objects['thematic'].pk}/"
    baseline = queries.get(client, url)
    team = django_user_model.objects.get(username="giamsat")
    for ward in demo_objects["thematic"].units.all():
        recommendation_create(supervision=demo_objects["thematic"], by=team, text="Thêm", addressee_unit=ward)
    queries.same(baseline, queries.get(client, url))
