"""Ranking rules: ties, cohorts, bands, the index formula and the scoring rules."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from par_index import engine, services
from par_index.choices import CohortMode, Method, Part, Rule
from par_index.models import Criterion, Framework, Score, UnitResult
from tests.par_index.conftest import commune, leaf_result
from tests.personas import admin, person

pytestmark = pytest.mark.django_db

XH, SC, NT, DQ = "01855", "01837", "01852", "01849"  # phường Xuất Hóa, Sông Cầu; xã Nông Thượng, Dương Quang


def appraise(leaf, code, points):
    services.appraisal_save(unit=commune(code), criterion=leaf, points=Decimal(points), by=person("appraiser"))


def result(framework, code) -> UnitResult:
    return UnitResult.objects.get(framework=framework, unit__code=code)


def test_equal_scores_to_two_decimals_share_a_rank(small_framework):
    framework, leaf = small_framework
    Score.objects.create(criterion=leaf, unit=commune(XH), appraised_points=Decimal("90"))
    # 85.004 and 85.001 both round to 85.00: the same rank; the next one is 4th, not 3rd.
    Score.objects.create(criterion=leaf, unit=commune(SC), appraised_points=Decimal("85.00"))
    Score.objects.create(criterion=leaf, unit=commune(NT), appraised_points=Decimal("85.00"))
    Score.objects.create(criterion=leaf, unit=commune(DQ), appraised_points=Decimal("84.99"))
    assert engine.compute(framework) == 108
    assert [result(framework, c).rank for c in (XH, SC, NT, DQ)] == [1, 2, 2, 4]
    # The 104 units without a score share the last rank.
    last = UnitResult.objects.filter(framework=framework, points=0)
    assert last.count() == 104 and {r.rank for r in last} == {5}
    assert {r.cohort_size for r in UnitResult.objects.filter(framework=framework)} == {108}


def test_rounding_happens_before_ranking(small_framework):
    framework, _leaf = small_framework
    # Two leaves whose sums differ by less than half a hundredth of the index.
    a = services.criterion_save(
        by=admin(),
        framework=framework,
        criterion=Criterion(code="2", title="a", part=Part.CRITERIA, max_points=Decimal(100)),
    )
    appraise(a, XH, "50.00")
    appraise(a, SC, "50.01")
    engine.compute(framework)  # maximum 200: 25.000 and 25.005 → 25.00 and 25.01 (half up)
    assert result(framework, XH).index_percent == Decimal("25")
    assert result(framework, SC).index_percent in (Decimal("25.01"), Decimal("25.00"))
    assert result(framework, SC).rank <= result(framework, XH).rank


def test_cohorts_rank_wards_apart_from_communes(small_framework):
    framework, leaf = small_framework
    services.framework_update(by=admin(), framework=framework, cohort_mode=CohortMode.WARDS_APART)
    appraise(leaf, XH, "70")  # a ward
    appraise(leaf, NT, "60")  # a commune
    engine.compute(framework)
    rows = list(UnitResult.objects.filter(framework=framework).select_related("unit"))
    wards = [r for r in rows if r.cohort == "wards"]
    communes = [r for r in rows if r.cohort == "communes"]
    assert wards and communes and len(wards) + len(communes) == 108
    assert all(r.unit.unit_type == "Phường" for r in wards)
    assert all(r.unit.unit_type != "Phường" for r in communes)
    assert {r.cohort_size for r in wards} == {len(wards)}
    assert {r.cohort_size for r in communes} == {len(communes)}
    # Each cohort has its own first place.
    assert min(r.rank for r in wards) == 1 and min(r.rank for r in communes) == 1
    assert result(framework, XH).rank == 1 and result(framework, NT).rank == 1


def test_single_cohort_ranks_everybody_together(small_framework):
    framework, leaf = small_framework
    appraise(leaf, XH, "70")
    engine.compute(framework)
    assert set(UnitResult.objects.filter(framework=framework).values_list("cohort", flat=True)) == {"all"}
    assert result(framework, XH).rank == 1


@pytest.mark.parametrize(
    ("points", "band"),
    [
        ("100", "Xuất sắc"),
        ("90", "Xuất sắc"),
        ("89.99", "Tốt"),
        ("80", "Tốt"),
        ("79.99", "Khá"),
        ("70", "Khá"),
        ("69.99", "Trung bình"),
        ("50", "Trung bình"),
        ("49.99", "Yếu"),
        ("0", "Yếu"),
    ],
)
def test_default_bands_and_their_thresholds(small_framework, points, band):
    framework, leaf = small_framework
    appraise(leaf, XH, points)
    engine.compute(framework)
    assert result(framework, XH).band == band


def test_bands_are_configurable_per_framework(small_framework):
    framework, leaf = small_framework
    services.bands_replace(
        by=admin(), framework=framework, bands=[("A", Decimal(85), "success"), ("B", Decimal(0), "secondary")]
    )
    appraise(leaf, XH, "86")
    appraise(leaf, SC, "84.99")
    engine.compute(framework)
    assert (result(framework, XH).band, result(framework, SC).band) == ("A", "B")


def test_bands_need_a_floor_and_distinct_thresholds(small_framework):
    framework, _leaf = small_framework
    with pytest.raises(ValidationError) as err:
        services.bands_replace(by=admin(), framework=framework, bands=[("A", Decimal(50), "success")])
    assert "0%" in str(err.value)
    with pytest.raises(ValidationError):
        services.bands_replace(by=admin(), framework=framework, bands=[("A", Decimal(0), "x"), ("B", Decimal(0), "y")])


def test_index_is_appraised_plus_survey_plus_bonus_minus_penalty_over_maximum(small_framework):
    framework, leaf = small_framework
    parts = {}
    for code, part, max_points in [("S", Part.SURVEY, 50), ("B", Part.BONUS, 5), ("P", Part.PENALTY, 5)]:
        parts[part] = services.criterion_save(
            by=admin(),
            framework=framework,
            criterion=Criterion(code=code, title=code, part=part, max_points=Decimal(max_points)),
        )
    unit = commune(XH)
    services.self_assessment_save(
        unit=unit, criterion=leaf, points=Decimal(80), explanation="có", by=person("canbo_xuathoa")
    )
    services.appraisal_save(unit=unit, criterion=leaf, points=Decimal(60), by=person("appraiser"))  # prevails over 80
    services.appraisal_save(unit=unit, criterion=parts[Part.SURVEY], points=Decimal(30), by=person("appraiser"))
    services.appraisal_save(unit=unit, criterion=parts[Part.BONUS], points=Decimal(3), by=person("appraiser"))
    services.appraisal_save(unit=unit, criterion=parts[Part.PENALTY], points=Decimal(2), by=person("appraiser"))
    engine.compute(framework)
    r = result(framework, XH)
    # Maximum = 100 + 50 (bonus and penalty move the score, not the maximum).
    assert r.maximum == Decimal(150)
    assert r.points == Decimal(60 + 30 + 3 - 2)
    assert r.index_percent == Decimal("60.67")  # 91 / 150 × 100 = 60,666… → 60,67


def test_self_assessment_counts_until_the_appraisal(small_framework):
    framework, leaf = small_framework
    services.self_assessment_save(
        unit=commune(XH), criterion=leaf, points=Decimal(77), explanation="x", by=person("canbo_xuathoa")
    )
    engine.compute(framework)
    assert result(framework, XH).points == Decimal(77)


def test_points_outside_zero_to_maximum_are_refused_naming_the_field(small_framework):
    _framework, leaf = small_framework
    with pytest.raises(ValidationError) as err:
        services.appraisal_save(unit=commune(XH), criterion=leaf, points=Decimal(101), by=person("appraiser"))
    assert "appraised_points" in err.value.message_dict
    assert "từ 0 đến 100" in err.value.message_dict["appraised_points"][0]
    with pytest.raises(ValidationError) as err:
        services.self_assessment_save(
            unit=commune(XH), criterion=leaf, points=Decimal(5), explanation=" ", by=person("canbo_xuathoa")
        )
    assert "explanation" in err.value.message_dict
    assert not Score.objects.filter(criterion=leaf).exists()


# --- automatic leaves, from the demo's 2023 framework and Xuất Hóa's real 2023 figures ---


def leaf_of(year, code):
    framework = Framework.objects.get(province__code="06", year=year)
    return framework, Criterion.objects.get(framework=framework, code=code)


def test_proportional_rule_uses_summed_numerators_over_denominators():
    framework, criterion = leaf_of(2023, "2.4")  # 4 points at 70% of electronic copies
    lr = leaf_result(criterion, XH)
    # The article: 126 of 217 copies electronic in 2023 = 58,06%.
    assert (lr.numerator, lr.denominator) == (Decimal(126), Decimal(217))
    assert lr.value.quantize(Decimal("0.01")) == Decimal("58.06")
    assert lr.points.quantize(Decimal("0.0001")) == (Decimal(4) * Decimal(126) * 100 / 217 / 70).quantize(
        Decimal("0.0001")
    )


def test_proportional_rule_is_capped_at_the_maximum():
    from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
    from par_index import yearly

    _framework, criterion = leaf_of(2023, "2.3")  # 8 points at 98% on time
    # The article gives no late dossiers for Xuất Hóa: no on-time rate, no points.
    assert leaf_result(criterion, XH) is None
    # Were its 594 resolved split 588 on time and 6 late: 98,99% ≥ 98%, capped at 8.
    for quarter, (on_time, late) in enumerate([(137, 3), (148, 2), (151, 1), (152, 0)], start=1):
        report = QuarterlyReport.objects.get(unit=commune(XH), year=2023, quarter=quarter)
        for code, value in (("dossiers_resolved_on_time", on_time), ("dossiers_resolved_late", late)):
            ReportValue.objects.create(report=report, indicator=Indicator.objects.get(code=code), value=value)
        ReportValue.objects.filter(report=report, indicator__code="dossiers_resolved").delete()
    yearly.refresh(unit_id=commune(XH).pk, year=2023)
    lr = leaf_result(criterion, XH)
    assert (lr.numerator, lr.denominator) == (Decimal(588), Decimal(594))
    assert lr.points == Decimal(8)


def test_step_rule_takes_the_highest_step_reached():
    _framework, criterion = leaf_of(2023, "1.3")  # steps 4 → 1, 8 → 2, 12 → 3
    lr = leaf_result(criterion, XH)
    assert lr.value == Decimal(15) and lr.points == Decimal(3)  # 15 broadcasts in 2023


def test_no_approved_data_gives_no_points():
    _framework, criterion = leaf_of(2023, "6.1")  # online dossiers: the article gives none for 2023
    assert leaf_result(criterion, XH) is None
    from par_index.selectors import breakdown
    from tests.par_index.conftest import commune

    row = next(r for r in breakdown(_framework, commune(XH)).rows if r.criterion.code == "6.1")
    assert row.input_text == "chưa có số liệu đã duyệt" and row.points == 0


def test_only_approved_reports_count():
    from digital_metrics.choices import ReportStatus
    from digital_metrics.models import QuarterlyReport
    from digital_metrics.reports.signals import report_approval_changed

    framework, criterion = leaf_of(2023, "1.3")

    def reopen(quarter, status):
        # What the data-entry service does: change the status, then send the
        # signal in the same transaction (the roll-up follows it).
        report = QuarterlyReport.objects.get(unit__code=XH, year=2023, quarter=quarter)
        report.status = status
        report.save(update_fields=["status"])
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=False)

    reopen(4, ReportStatus.SUBMITTED)
    engine.compute(framework)
    lr = leaf_result(criterion, XH)
    assert lr.value == Decimal(12) and lr.points == Decimal(3)  # 4 + 4 + 4 without Q4's 3
    reopen(3, ReportStatus.RETURNED)
    engine.compute(framework)
    assert leaf_result(criterion, XH).points == Decimal(2)  # 8 → step 2


def test_automatic_criteria_need_an_indicator_and_a_rule(small_framework):
    framework, _leaf = small_framework
    with pytest.raises(ValidationError) as err:
        services.criterion_save(
            by=admin(),
            framework=framework,
            criterion=Criterion(
                code="9", title="x", max_points=Decimal(5), method=Method.AUTOMATIC, rule=Rule.PROPORTIONAL
            ),
        )
    assert "indicator" in err.value.message_dict
