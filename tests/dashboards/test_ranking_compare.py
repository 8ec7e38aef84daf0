"""Rankings by body (the city's 8 among the province's 108), each with its rank
history; the comparison of units over years and quarters, approved figures only."""

import re

import pytest

from wards.models import AdministrativeUnit, SupervisingBody

pytestmark = pytest.mark.django_db


def _body(name: str) -> SupervisingBody:
    return SupervisingBody.objects.get(name=name)


def _unit(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(code=code, level="commune", valid_to__isnull=False)


def test_a_body_sees_its_units_within_the_provinces_ranking(as_persona):
    city = _body("HĐND thành phố Bắc Kạn")
    html = as_persona("supervisor").get(f"/par/06/2023/?body={city.pk}").content.decode()
    rows = re.findall(r'<tr data-unit="(\d+)"', html)
    assert len(rows) == 8 and "01855" in rows  # the city's eight wards and communes
    assert "8 đơn vị, hạng trong toàn bộ 108 đơn vị của tỉnh" in html
    ranks = re.findall(r'data-col="rank">(\d+)/(\d+)', html)
    assert all(size == "108" for _r, size in ranks)  # their ranks in the whole province
    assert [int(r) for r, _s in ranks] == sorted(int(r) for r, _s in ranks)
    assert html.count('<svg class="rank-spark"') == 8  # each with its rank history
    xuathoa = html.split('<tr data-unit="01855"')[1].split("</tr>")[0]
    assert "Năm 2022: hạng" in xuathoa and "Năm 2023: hạng 14/108" in xuathoa
    assert 'href="/profile/01855/?on=2025-06-30"' in xuathoa  # its profile
    assert "#unit-supervisions" in xuathoa and 'href="/par/06/2023/01855/"' in xuathoa
    link = re.search(r'href="(/compare/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    assert link.count("units=") == 8 and "units=01855" in link and link.endswith("on=2023-12-31")
    compared = as_persona("supervisor").get(link).content.decode()
    assert sorted(re.findall(r'<th class="value" data-unit="(\d+)">', compared)) == sorted(rows)


def test_the_whole_province_stays_the_default(as_persona):
    html = as_persona("supervisor").get("/par/06/2023/").content.decode()
    assert len(re.findall(r'<tr data-unit="(\d+)"', html)) == 108
    assert 'name="body"' in html and "rank-spark" not in html


def test_an_unknown_body_is_not_found(as_persona):
    assert as_persona("supervisor").get("/par/06/2023/?body=999999").status_code == 404
    assert as_persona("supervisor").get("/par/06/2023/?body=abc").status_code == 404


def test_ranking_by_body_queries_do_not_grow_with_the_units(as_persona, queries):
    client = as_persona("supervisor")
    city = queries.get(client, f"/par/06/2023/?body={_body('HĐND thành phố Bắc Kạn').pk}")
    province = queries.get(client, f"/par/06/2023/?body={_body('HĐND tỉnh Bắc Kạn').pk}")  # 108 units
    queries.same(city, province)


def test_compare_shows_approved_figures_side_by_side(as_persona):
    url = "/compare/?units=01855&units=01837&indicator=copy_certification_electronic_rate&on=2024-04-24"
    html = as_persona("clerk_xuathoa").get(url).content.decode()
    heads = re.findall(r'<th class="value" data-unit="(\d+)">', html)
    assert sorted(heads) == ["01837", "01855"]
    year = html.split('data-period="Năm 2023"')[1].split("</tr>")[0]
    assert "126/217 = 58,06%" in year  # Xuất Hóa's 2023, as the article gives it (summed counts)
    assert 'id="compare-data"' in html and "js/compare_chart.js" in html
    # Sông Cầu's Quý II/2024 is a draft: no quarter of 2024 after the first is shown.
    assert 'data-period="Quý II/2024"' not in html


def test_compare_defaults_to_the_users_units(as_persona):
    html = as_persona("supervisor").get("/compare/").content.decode()
    assert len(re.findall(r'<th class="value" data-unit="(\d+)">', html)) == 8


def test_compare_queries_do_not_grow_with_the_units(as_persona, queries):
    client = as_persona("supervisor")
    two = ["01855", "01837"]
    eight = [u.code for u in AdministrativeUnit.objects.filter(parent__code="058", level="commune")][:8]
    assert len(eight) == 8
    first = queries.get(client, "/compare/?" + "&".join(f"units={code}" for code in two))
    second = queries.get(client, "/compare/?" + "&".join(f"units={code}" for code in eight))
    queries.same(first, second)
    queries.at_most(16, second)


def test_why_this_score_links_back_to_the_ranking_the_profile_and_the_supervisions(as_persona):
    html = as_persona("supervisor").get("/par/06/2023/01855/").content.decode()
    links = html.split('class="small breakdown-links"')[1].split("</p>")[0]
    assert 'href="/par/06/2023/#unit-01855"' in links
    assert 'href="/profile/01855/?on=2025-06-30"' in links
    assert 'href="/profile/01855/?on=2025-06-30#unit-supervisions"' in links


def test_compare_names_units_by_code_and_date_and_says_which_codes_it_does_not_know(as_persona):
    """The 2025 reform reused codes: a code and ?on= name one unit, as on the profile."""
    client = as_persona("supervisor")
    html = client.get("/compare/?units=01855&units=99999&on=2024-04-24").content.decode()
    assert re.findall(r'<th class="value" data-unit="(\d+)">', html) == ["01855"]
    assert 'href="/profile/01855/?on=2025-06-30"' in html  # the Xuất Hóa of 2024, now part of phường Bắc Kạn
    assert "không có đơn vị nào mang mã 99999" in html
    assert '<input type="hidden" name="on" value="2024-04-24">' in html  # the form keeps the day
    assert 'value="01837"' in html  # its neighbours to pick, by code
