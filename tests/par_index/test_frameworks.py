"""Published frameworks are immutable; next year's starts as a copy; the demo's frameworks."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from par_index import engine, official, services
from par_index.choices import RankingSource
from par_index.models import Criterion, Framework, OfficialRanking, UnitResult
from tests.personas import admin

pytestmark = pytest.mark.django_db


def f(year) -> Framework:
    return Framework.objects.get(province__code="06", year=year)


@pytest.mark.parametrize(
    "change",
    [
        lambda fw: services.framework_update(by=admin(), framework=fw, name="khác"),
        lambda fw: services.bands_replace(by=admin(), framework=fw, bands=[("A", Decimal(0), "success")]),
        lambda fw: services.criterion_delete(by=admin(), criterion=fw.criteria.get(code="2.4")),
        lambda fw: services.criterion_save(by=admin(), framework=fw, criterion=_changed(fw)),
        lambda fw: services.criterion_save(
            by=admin(), framework=fw, criterion=Criterion(code="10", title="mới", max_points=Decimal(1))
        ),
        lambda fw: services.framework_publish(by=admin(), framework=fw),
    ],
    ids=["settings", "bands", "delete", "edit", "add", "publish-again"],
)
def test_a_published_framework_cannot_change(change):
    framework = f(2023)
    before = (
        list(framework.criteria.values_list("code", "max_points", "threshold")),
        list(framework.bands.values_list("name", "min_percent")),
        framework.name,
    )
    with pytest.raises(ValidationError) as err:
        change(framework)
    assert "đã ban hành" in " ".join(err.value.messages)
    framework = f(2023)
    after = (
        list(framework.criteria.values_list("code", "max_points", "threshold")),
        list(framework.bands.values_list("name", "min_percent")),
        framework.name,
    )
    assert after == before


def _changed(framework):
    c = framework.criteria.get(code="2.4")
    c.threshold = Decimal(10)
    return c


def test_next_year_starts_as_a_copy_and_a_changed_rule_leaves_the_published_year_alone():
    f2023 = f(2023)
    results_2023 = sorted(UnitResult.objects.filter(framework=f2023).values_list("unit_id", "points", "rank"))
    copy = services.framework_copy(by=admin(), framework=f2023, year=2024)
    assert copy.status == "draft" and copy.copied_from == f2023 and copy.is_example
    assert copy.name.endswith("năm 2024 (ví dụ minh họa)")
    tree = lambda fw: sorted(  # noqa: E731
        fw.criteria.values_list("code", "title", "part", "max_points", "method", "rule", "threshold", "parent__code")
    )
    assert tree(copy) == tree(f2023)
    assert list(copy.bands.values_list("name", "min_percent")) == list(f2023.bands.values_list("name", "min_percent"))
    steps = Criterion.objects.get(framework=copy, code="1.3").steps.values_list("min_value", "points")
    assert list(steps) == [(Decimal(4), Decimal(1)), (Decimal(8), Decimal(2)), (Decimal(12), Decimal(3))]
    # Change the copy's rule; recompute everything: 2023 is what it was.
    c = copy.criteria.get(code="2.4")
    c.threshold = Decimal(10)
    services.criterion_save(by=admin(), framework=copy, criterion=c)
    engine.compute(copy)
    engine.compute(f2023)
    assert sorted(UnitResult.objects.filter(framework=f2023).values_list("unit_id", "points", "rank")) == results_2023
    assert f2023.criteria.get(code="2.4").threshold == Decimal(70)


def test_one_framework_per_province_and_year():
    with pytest.raises(ValidationError) as err:
        services.framework_copy(by=admin(), framework=f(2022), year=2023)
    assert "year" in err.value.message_dict


def test_demo_frameworks_are_labelled_examples():
    for year in (2022, 2023):
        framework = f(year)
        assert framework.is_example and "ví dụ minh họa" in framework.name
        assert "Không tìm thấy quyết định của UBND tỉnh Bắc Kạn" in framework.basis
        assert framework.is_published
        assert engine.maximum_points(framework) == Decimal(100)
    assert f(2023).copied_from == f(2022)


@pytest.mark.parametrize(("year", "rank"), [(2022, 106), (2023, 14)])
def test_xuat_hoa_official_ranks_are_the_articles(year, rank):
    """The article reports the province's result: it is recorded as the
    official announced one (Xuất Hóa only), never forced onto the computed
    ranking, whose scores are illustrative."""
    ranking = official.official_for(f(year))
    assert ranking.source == RankingSource.ANNOUNCED and "bài báo" in ranking.decision
    assert not ranking.is_complete
    line = ranking.results.get()
    assert (line.unit.code, line.rank, line.cohort_size) == ("01855", rank, 108)
    assert line.index_percent is None  # the article gives no index


def test_the_articles_unexplained_claim_is_kept_as_its_own():
    line = official.official_for(f(2023)).results.get()
    assert "tăng 3 bậc" in line.note and "chưa giải thích được" in line.note


def test_demo_ranks_survive_a_recompute_and_a_second_load():
    from demo.services import load_demo

    for year in (2022, 2023):
        engine.compute(f(year))
    load_demo()
    assert Framework.objects.filter(province__code="06").count() == 2
    for year, rank in ((2022, 106), (2023, 14)):
        assert OfficialRanking.objects.filter(framework=f(year)).count() == 1
        assert official.official_for(f(year)).results.get().rank == rank
