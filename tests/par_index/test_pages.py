"""Every PAR URL and endpoint by every persona, the forms, the API and query counts."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from par_index.models import Criterion, Evidence, Framework, Score, UnitResult
from tests.par_index.conftest import commune
from tests.personas import ADM, APR, SC, SUP, XH

pytestmark = pytest.mark.django_db


def test_rankings_page_in_vietnamese_formats(as_persona):
    html = as_persona(SUP).get("/par/06/2023/").content.decode()
    assert "Bộ tiêu chí này là VÍ DỤ MINH HỌA" in html
    row = html.split('<tr data-unit="01855"')[1].split("</tr>")[0]
    # The official ranks (the article's, Xuất Hóa's alone): this year's and last year's.
    assert 'data-col="official-rank">chính thức: 14/108</span>' in row and "106/108" in row
    lines = html.split('data-testid="official-lines"')[1].split("</ul>")[0]
    assert "hạng 14/108" in lines and "tăng 3 bậc" in lines
    result = UnitResult.objects.get(framework__year=2023, unit__code="01855")
    assert f"{result.index_percent:.2f}".replace(".", ",") in row  # the recomputed (illustrative) index beside it
    assert f"{result.rank}/108" in row


def test_why_this_score_page_shows_inputs_rules_self_and_appraised(as_persona):
    html = as_persona(XH).get("/par/06/2023/01855/").content.decode()
    assert "126/217 = 58,06%" in html  # the electronic copies of the article
    assert "Đủ 4 điểm khi đạt 70%" in html
    official_2023 = html.split('data-testid="official-2023"')[1].split("</div></div>")[0]
    official_2022 = html.split('data-testid="official-2022"')[1].split("</div></div>")[0]
    assert "hạng 14/108" in official_2023 and "tăng 3 bậc" in official_2023
    assert "hạng 106/108" in official_2022
    assert "ke-hoach" not in html  # no evidence uploaded in the demo
    # Xuất Hóa's clerk is offered self-assessment; Sông Cầu's is not, on Xuất Hóa's page.
    assert "/par/06/2023/01855/self-assessment/" in html
    assert "/self-assessment/" not in as_persona(SC).get("/par/06/2023/01855/").content.decode()


def test_clerk_self_assesses_with_evidence(as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    framework = Framework.objects.get(province__code="06", year=2023)
    leaf = Criterion.objects.get(framework=framework, code="1.1")
    client = as_persona(XH)
    page = client.get("/par/06/2023/01855/self-assessment/")
    form_rows = page.context["forms"]
    data = {}
    for _criterion, form, _score in form_rows:
        for name, value in form.initial.items():
            data[f"{form.prefix}-{name}"] = "" if value is None else str(value).replace(".", ",")
    data[f"c{leaf.pk}-self_points"] = "2,5"
    data[f"c{leaf.pk}-explanation"] = ""
    data[f"c{leaf.pk}-evidence"] = SimpleUploadedFile("ke-hoach-2023.pdf", b"%PDF-1.4")
    response = client.post("/par/06/2023/01855/self-assessment/", data)
    assert response.status_code == 302
    score = Score.objects.get(criterion=leaf, unit=commune("01855"))
    assert score.self_points == Decimal("2.5")
    assert score.evidence.count() == 1
    # The evidence is on the page for the ward, not for another ward's clerk.
    assert "ke-hoach-2023" in client.get("/par/06/2023/01855/").content.decode()
    assert "ke-hoach-2023" not in as_persona(SC).get("/par/06/2023/01855/").content.decode()


def test_evidence_is_checked_by_content_not_by_name(as_persona, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    framework = Framework.objects.get(province__code="06", year=2023)
    leaf = Criterion.objects.get(framework=framework, code="1.1")
    client = as_persona(XH)
    before = Score.objects.filter(criterion=leaf, unit=commune("01855")).values_list("self_points", flat=True).first()
    response = client.post(
        "/par/06/2023/01855/self-assessment/",
        {
            f"c{leaf.pk}-self_points": "2,5",
            f"c{leaf.pk}-evidence": SimpleUploadedFile("ke-hoach.pdf", b"MZ\x90\x00 not a pdf"),
        },
    )
    assert response.status_code == 200
    assert "Tài liệu kiểm chứng: tệp “ke-hoach.pdf” không đúng định dạng" in response.content.decode()
    assert (
        Score.objects.filter(criterion=leaf, unit=commune("01855")).values_list("self_points", flat=True).first()
        == before
    )
    assert not Evidence.objects.filter(score__criterion=leaf, score__unit=commune("01855")).exists()


def test_a_bad_row_saves_nothing_and_names_the_field(as_persona):
    framework = Framework.objects.get(province__code="06", year=2023)
    a = Criterion.objects.get(framework=framework, code="1.1")  # max 3
    b = Criterion.objects.get(framework=framework, code="1.2")  # max 2
    before = {s.criterion_id: s.self_points for s in Score.objects.filter(unit=commune("01855"), criterion__in=[a, b])}
    response = as_persona(XH).post(
        "/par/06/2023/01855/self-assessment/",
        {f"c{a.pk}-self_points": "1", f"c{a.pk}-explanation": "có kế hoạch", f"c{b.pk}-self_points": "7"},
    )
    assert response.status_code == 200
    assert "Điểm phải từ 0 đến 2" in response.content.decode()
    after = {s.criterion_id: s.self_points for s in Score.objects.filter(unit=commune("01855"), criterion__in=[a, b])}
    assert after == before


def test_the_appraisal_council_appraises_and_nobody_else(as_persona):
    framework = Framework.objects.get(province__code="06", year=2023)
    survey = Criterion.objects.get(framework=framework, code="7.1")
    url = "/par/06/2023/01837/appraisal/"
    for persona in (XH, SUP, ADM):  # not a clerk, not the HĐND, not the system admin
        assert as_persona(persona).post(url, {f"c{survey.pk}-appraised_points": "15"}).status_code == 403
    response = as_persona(APR).post(
        url, {f"c{survey.pk}-appraised_points": "14,5", f"c{survey.pk}-appraisal_note": "khảo sát"}
    )
    assert response.status_code == 302
    assert Score.objects.get(criterion=survey, unit=commune("01837")).appraised_points == Decimal("14.5")


def test_framework_editor_refuses_a_published_framework_and_edits_its_copy(as_persona):
    client = as_persona(ADM)
    f2023 = Framework.objects.get(province__code="06", year=2023)
    response = client.post(f"/par/frameworks/{f2023.pk}/", {"action": "bands", "bands": "A = 0"})
    assert response.status_code == 400
    assert "đã ban hành" in response.content.decode()
    assert list(f2023.bands.values_list("name", flat=True)) == ["Xuất sắc", "Tốt", "Khá", "Trung bình", "Yếu"]
    # Next year starts as a copy…
    response = client.post(f"/par/frameworks/{f2023.pk}/", {"action": "copy", "year": "2024"})
    assert response.status_code == 302
    f2024 = Framework.objects.get(province__code="06", year=2024)
    assert f2024.status == "draft" and f2024.copied_from == f2023
    assert f2024.criteria.count() == f2023.criteria.count()
    # …which is edited in the UI: a new automatic criterion with steps.
    group = f2024.criteria.get(code="6")
    response = client.post(
        f"/par/frameworks/{f2024.pk}/criteria/new/",
        {
            "parent": group.pk,
            "code": "6.6",
            "title": "Chứng thực điện tử",
            "part": "criteria",
            "max_points": "2",
            "method": "automatic",
            "indicator": _indicator_pk("copy_certification_electronic_rate"),
            "rule": "steps",
            "steps": "50 = 1\n80 = 2",
            "order": "99",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    new = f2024.criteria.get(code="6.6")
    assert [(s.min_value, s.points) for s in new.steps.all()] == [(Decimal(50), Decimal(1)), (Decimal(80), Decimal(2))]
    assert not f2023.criteria.filter(code="6.6").exists()
    # A bad step line is refused in Vietnamese, naming the field.
    response = client.post(
        f"/par/frameworks/{f2024.pk}/criteria/{new.pk}/",
        {
            "code": "6.6",
            "title": "x",
            "part": "criteria",
            "max_points": "2",
            "method": "automatic",
            "indicator": new.indicator_id,
            "rule": "steps",
            "steps": "năm mươi",
            "order": "99",
        },
    )
    assert response.status_code == 400 and "Dòng 1 của các bậc" in response.content.decode()
    # Publishing freezes it.
    assert client.post(f"/par/frameworks/{f2024.pk}/", {"action": "publish"}).status_code == 302
    f2024.refresh_from_db()
    assert f2024.is_published


def _indicator_pk(code):
    from digital_metrics.models import Indicator

    return Indicator.objects.get(code=code).pk


def test_rankings_api(as_persona):
    data = as_persona(SC).get("/api/v1/rankings/?scope=06&year=2023").json()
    assert data["is_example"] is True and data["year"] == 2023
    assert len(data["results"]) == 108
    row = next(r for r in data["results"] if r["unit_code"] == "01855")
    assert row["unit_name"] == "Phường Xuất Hóa"
    assert row["official"]["rank"] == 14 and row["official"]["cohort_size"] == 108  # the article's
    assert row["previous_rank"] == 106  # last year's official rank
    result = UnitResult.objects.get(framework__year=2023, unit__code="01855")
    assert (row["rank"], row["cohort_size"]) == (result.rank, 108)  # the portal's, recomputed
    assert data["official"]["source"] == "announced" and data["official"]["is_complete"] is False
    assert set(row) >= {"score", "index_percent", "band", "maximum"}
    assert [r["rank"] for r in data["results"]] == sorted(r["rank"] for r in data["results"])


def test_breakdown_api(as_persona):
    data = as_persona(SUP).get("/api/v1/rankings/06/2023/01855/").json()
    assert data["official"]["rank"] == 14 and "tăng 3 bậc" in data["official"]["note"]
    assert data["rank"] == UnitResult.objects.get(framework__year=2023, unit__code="01855").rank
    assert data["differs"] is True and data["changes"] == []  # illustrative scores, nothing corrected since
    rows = {r["code"]: r for r in data["criteria"]}
    # No on-time rate in 2023: the article gives no late dossiers, so the criterion has no input.
    assert rows["2.3"]["input"] == "chưa có số liệu đã duyệt" and Decimal(rows["2.3"]["points"]) == 0
    assert rows["2.4"]["input"] == "126/217 = 58,06%"
    assert rows["2.4"]["method"] == "automatic" and rows["2.4"]["indicator"] == "copy_certification_electronic_rate"
    assert rows["1.1"]["appraised_points"] is not None


def test_bad_api_query_is_json_naming_the_field(as_persona):
    response = as_persona(SUP).get("/api/v1/rankings/?scope=abc&year=x")
    assert response.status_code == 400
    assert set(response.json()) == {"scope", "year"}


def test_openapi_schema_lists_the_ranking_endpoints(as_persona):
    paths = as_persona(SUP).get("/api/schema/?format=json").json()["paths"]
    assert "/api/v1/rankings/" in paths
    assert "/api/v1/rankings/{scope}/{year}/{unit_code}/" in paths


@pytest.mark.parametrize("url", ["/par/06/2023/", "/api/v1/rankings/?scope=06&year=2023"])
def test_ranking_queries_do_not_grow_with_the_number_of_units(as_persona, url, queries):
    client = as_persona(SUP)
    full = queries.get(client, url)
    # Drop two thirds of the results: the same number of queries.
    framework = Framework.objects.get(province__code="06", year=2023)
    # (Xuất Hóa kept: its recomputed rank differs from its official one, so the changes are read both times.)
    results = UnitResult.objects.filter(framework=framework).order_by("-unit__code")
    keep = [*results.values_list("pk", flat=True)[:35], results.get(unit__code="01855").pk]
    UnitResult.objects.filter(framework=framework).exclude(pk__in=keep).delete()
    queries.same(full, queries.get(client, url))
    queries.at_most(20, full)  # the official ranking, its changes and last year's official ranks too


def test_breakdown_queries_are_bounded(as_persona, queries):
    client = as_persona(SUP)
    queries.at_most(26, queries.get(client, "/par/06/2023/01855/"))  # the score history; two years' official results


def test_navigation_links_the_par_area(as_persona):
    assert 'href="/par/"' in as_persona(XH).get("/").content.decode()
