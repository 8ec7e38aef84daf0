"""The ward profile fits a laptop: sticky columns, opens on the latest period,
below-target values marked in words too, the PAR rank history beside the figures."""

import re

import pytest

pytestmark = pytest.mark.django_db
PROFILE = "/profile/01837/?year=2023"  # Sông Cầu: demo figures with rates below their targets


def test_below_target_values_are_marked_not_by_colour_only(as_persona):
    html = as_persona("supervisor").get(PROFILE).content.decode()
    row = html.split('data-indicator="dossiers_online_full_rate"')[1].split("</tr>")[0]
    assert "≥ 80%" in row  # the target, in its sticky column
    cells = re.findall(r'<td class="value( target-(\w+))?[^"]*">', row)[:-1]  # the last: the target
    assert cells and all(mark == "below" for _c, mark in cells)  # 19–27% against 80%
    assert row.count("▼") == len(cells) and "dưới mục tiêu" in row
    on_time = html.split('data-indicator="dossiers_on_time_rate"')[1].split("</tr>")[0]
    assert "below-target" not in on_time  # no target, no mark


def test_the_table_keeps_its_indicator_and_target_columns_and_opens_at_the_end(as_persona):
    html = as_persona("supervisor").get(PROFILE).content.decode()
    assert 'class="table-responsive profile-scroll" data-scroll-end' in html
    assert "profile-table" in html and html.count('class="value target-col"') == 1  # its header
    assert "js/profile_table.js" in html


def test_the_rank_history_is_beside_the_figures_with_its_links(as_persona):
    html = as_persona("supervisor").get("/profile/01855/?on=2024-04-24").content.decode()
    card = html.split('id="rank-history"')[1].split('class="table-responsive')[0]
    assert "<svg" in card and "Năm 2023: hạng 14/108" in card  # the official rank of the article
    assert 'href="/par/06/2023/01855/"' in card  # why this score
    assert 'href="/par/06/2023/#unit-01855"' in card  # the ranking
    assert re.search(r"/compare/\?units=01855&amp;on=2025-06-30", card)  # compare it with others, by code and day
    row = html.split('data-indicator="par_rank"')[1].split("</tr>")[0]
    assert ">14/108</a>" in row  # in the year's column


def test_the_supervisions_of_the_unit_are_on_its_profile(as_persona):
    html = as_persona("supervisor").get("/profile/01855/?on=2024-04-24").content.decode()
    assert 'id="unit-supervisions"' in html and "/supervision/" in html
