"""Official rankings: published by the province's appraisers only, frozen,
entered as announced (all rows or none), read as of a day."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from par_index import official
from par_index.models import Framework, OfficialRanking, OfficialResult, UnitResult
from par_index.recompute import mark_stale
from tests.personas import APR, PERSONAS, matrix_cases, person
from tests.reports.xlsx import sheet_bytes

pytestmark = pytest.mark.django_db
PUBLISH, ANNOUNCE = "/par/06/2023/publish/", "/par/06/2023/announce/"


def f2023() -> Framework:
    return Framework.objects.get(province__code="06", year=2023)


@pytest.mark.parametrize(("persona", "status"), [(p, 302 if p == APR else 403) for p in PERSONAS if p != "anonymous"])
def test_only_the_appraisers_publish(as_persona, persona, status):
    before = OfficialRanking.objects.count()
    response = as_persona(persona).post(PUBLISH, {"decision": "QĐ 35/QĐ-UBND"})
    assert response.status_code == status
    assert OfficialRanking.objects.count() == before + (1 if status == 302 else 0)
    if status == 403:
        assert "hội đồng thẩm định" in response.content.decode()  # the styled page says why


def test_anonymous_is_sent_to_log_in(as_persona):
    assert as_persona("anonymous").post(PUBLISH, {}).status_code == 302
    assert OfficialRanking.objects.count() == 2  # the demo's two announced results


@pytest.mark.parametrize(("url", "persona", "status"), matrix_cases({ANNOUNCE: {"anonymous": 302, APR: 302}}, 403))
def test_only_the_appraisers_announce(as_persona, url, persona, status):
    before = OfficialResult.objects.count()
    response = as_persona(persona).post(
        url, {"decision": "QĐ 35/QĐ-UBND", "unit_code": "01837", "rank": "5", "cohort_size": "108"}
    )
    assert response.status_code == status
    assert OfficialResult.objects.count() == before + (1 if status == 302 and persona == APR else 0)


def test_a_publication_is_a_frozen_copy_of_the_results():
    framework = f2023()
    ranking = official.publish(framework=framework, by=person(APR), decision="QĐ 35/QĐ-UBND")
    copied = {(r.unit_id, r.rank, r.index_percent) for r in ranking.results.all()}
    assert copied == set(UnitResult.objects.filter(framework=framework).values_list("unit_id", "rank", "index_percent"))
    UnitResult.objects.filter(framework=framework).update(rank=1)  # whatever the recompute writes later…
    assert {(r.unit_id, r.rank, r.index_percent) for r in ranking.results.all()} == copied  # …the copy holds
    assert official.official_for(framework) == ranking


def test_no_publication_while_new_figures_are_being_recomputed():
    framework = f2023()
    mark_stale(framework=framework, reason="test")
    with pytest.raises(Exception, match="đang được tính lại"):
        official.publish(framework=framework, by=person(APR))
    assert official.official_for(framework).source == "announced"  # still the demo's


def test_an_announced_sheet_is_written_whole_or_not_at_all(as_persona):
    rows = [
        ("01837", 5, 108, "81,25", ""),
        ("99999", 6, 108, "", ""),
        ("01849", 120, 108, "", ""),
        ("01837", 7, 108, "", ""),
    ]
    data = sheet_bytes(official.SHEET, official.COLUMNS, rows)
    before = OfficialResult.objects.count()
    response = as_persona(APR).post(
        ANNOUNCE, {"decision": "QĐ 35/QĐ-UBND", "file": SimpleUploadedFile("ket-qua.xlsx", data)}
    )
    assert response.status_code == 200
    html = response.content.decode()
    # Every error at once, each naming its row and column, in Vietnamese.
    assert "Dòng 4, cột unit_code: Không có đơn vị cấp xã mã “99999”" in html
    assert "Dòng 5, cột rank: Thứ hạng 120 lớn hơn số đơn vị xếp hạng 108." in html
    assert "Dòng 6, cột unit_code: Đơn vị mã 01837 có hai dòng." in html
    assert OfficialResult.objects.count() == before
    # Fixed, it is written whole, the Vietnamese index read the Vietnamese way.
    data = sheet_bytes(official.SHEET, official.COLUMNS, [("01837", 5, 108, "81,25", ""), ("01849", 7, 108, "", "")])
    response = as_persona(APR).post(
        ANNOUNCE, {"decision": "QĐ 35/QĐ-UBND", "file": SimpleUploadedFile("ket-qua.xlsx", data)}
    )
    assert response.status_code == 302
    ranking = official.official_for(f2023())
    assert ranking.decision == "QĐ 35/QĐ-UBND" and not ranking.is_complete
    assert {(r.unit.code, r.rank, r.index_percent) for r in ranking.results.all()} == {
        ("01837", 5, Decimal("81.25")),
        ("01849", 7, None),
    }


def test_a_typed_result_names_the_field_at_fault(as_persona):
    response = as_persona(APR).post(
        ANNOUNCE, {"decision": "", "unit_code": "01837", "rank": "năm", "cohort_size": "108"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="error_1_id_decision"' in html  # the decision is required, said beside its field
    response = as_persona(APR).post(
        ANNOUNCE, {"decision": "QĐ 1", "unit_code": "01837", "rank": "năm", "cohort_size": "108"}
    )
    assert "“Thứ hạng” phải là số nguyên từ 1 trở lên." in response.content.decode()
    assert official.official_for(f2023()).decision != "QĐ 1"


def test_as_of_a_day_the_ranking_is_the_official_one_then(as_persona):
    client = as_persona("supervisor")
    before = client.get("/par/06/2023/?on=2024-04-23").content.decode()
    assert "Chưa có kết quả chính thức nào được công bố đến ngày này." in before
    then = client.get("/par/06/2023/?on=2024-04-24").content.decode()
    assert 'data-testid="as-of"' in then and "Hạng tính lại" not in then
    row = then.split('data-unit="01855"')[1].split("</tr>")[0]
    assert 'data-col="official-rank">14/108' in row
    api = client.get("/api/v1/rankings/?scope=06&year=2023&on=2024-04-24").json()
    assert [(r["unit_code"], r["official"]["rank"], r["rank"]) for r in api["results"]] == [("01855", 14, None)]
    # A later publication does not reach back.
    official.publish(framework=f2023(), by=person(APR), decision="QĐ 35/QĐ-UBND")
    assert client.get("/par/06/2023/?on=2024-04-24").content.decode().count("data-unit=") == 1


@pytest.mark.parametrize("persona", ["supervisor", "admin", "reviewer", "clerk_xuathoa"])
def test_the_service_itself_refuses_who_may_not_publish(persona):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        official.publish(framework=f2023(), by=person(persona))
    with pytest.raises(PermissionDenied):
        official.announce(
            framework=f2023(), by=person(persona), rows=[official.AnnouncedRow("01837", 1, 108)], decision="QĐ 1"
        )
    assert OfficialRanking.objects.count() == 2
