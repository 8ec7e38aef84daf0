"""The yearly roll-up the rankings read (par_index.yearly, YearlyInput): the
same figures as digital_metrics.reports.figures for the same unit-year, kept up to
date inside the transaction of an approval or a reopening."""

from decimal import Decimal

import pytest
from django.db import transaction

from digital_metrics.catalogue.selectors import catalogue
from digital_metrics.choices import ReportStatus
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.reports.figures import unit_figures
from digital_metrics.reports.signals import report_approval_changed
from par_index import engine, yearly
from par_index.models import Criterion, Framework, UnitResult, YearlyInput
from par_index.selectors import breakdown
from tests.par_index.conftest import commune

pytestmark = pytest.mark.django_db
XH, SONG_CAU = "01855", "01837"
Q4 = Decimal("0.0001")


def rolled_up(unit, year) -> dict[str, tuple]:
    return {
        code: (value.quantize(Q4), num, den)
        for code, value, num, den in YearlyInput.objects.filter(unit=unit, year=year).values_list(
            "indicator__code", "value", "numerator", "denominator"
        )
    }


def expected(unit, year, indicators) -> dict[str, tuple]:
    """What the ward profile shows for the year: digital_metrics' own roll-up."""
    figures = unit_figures(unit=unit, quarters=[Quarter(year, q) for q in (1, 2, 3, 4)], indicators=indicators)
    return {
        code: (f.value.quantize(Q4), f.numerator, f.denominator) for code, f in figures.items() if f.value is not None
    }


@pytest.mark.parametrize("code", [XH, SONG_CAU, "01843"])
@pytest.mark.parametrize("year", [2022, 2023, 2024])
def test_the_roll_up_equals_what_digital_metrics_computes_for_the_unit_year(code, year):
    indicators = catalogue()
    unit = commune(code)
    want = expected(unit, year, indicators)
    assert want  # the demo has approved figures for every commune in these years
    assert rolled_up(unit, year) == want


def test_the_roll_up_covers_flows_stocks_derived_sums_ratios_and_direct_rates():
    got = rolled_up(commune(XH), 2023)
    # Article figures (demo/seed.py): 126 of 217 copies electronic in 2023 (summed
    # numerators over summed denominators); 594 resolved, a total typed without
    # its parts, so no on-time rate (the article gives no late dossiers).
    assert got["copy_certification_electronic_rate"][1:] == (Decimal(126), Decimal(217))
    assert got["dossiers_resolved"][0] == Decimal(594)
    assert "dossiers_on_time_rate" not in got
    # A generated commune: "resolved" is the sum of on time + late, quarter by quarter.
    other = rolled_up(commune(SONG_CAU), 2023)
    assert other["dossiers_on_time_rate"][2] == other["dossiers_resolved"][0]
    assert got["broadcasts_loudspeaker"][0] == Decimal(15)  # a flow: four quarters added up


def set_value(report, code, value):
    ReportValue.objects.update_or_create(
        report=report, indicator=Indicator.objects.get(code=code), defaults={"value": Decimal(value)}
    )


def test_an_approval_rewrites_its_unit_year_in_the_same_transaction():
    unit = commune(XH)
    report = QuarterlyReport.objects.get(unit=unit, year=2023, quarter=4)
    before = rolled_up(unit, 2023)
    with pytest.raises(RuntimeError), transaction.atomic():
        set_value(report, "broadcasts_loudspeaker", 40)
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=True)
        assert rolled_up(unit, 2023)["broadcasts_loudspeaker"][0] == Decimal(15 - 3 + 40)
        raise RuntimeError("the approval failed")
    assert rolled_up(unit, 2023) == before  # rolled back with it
    with transaction.atomic():
        set_value(report, "broadcasts_loudspeaker", 40)
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=True)
    assert rolled_up(unit, 2023)["broadcasts_loudspeaker"][0] == Decimal(52)
    assert rolled_up(unit, 2023) == expected(unit, 2023, catalogue())
    # Other unit-years untouched.
    assert rolled_up(unit, 2022) == expected(unit, 2022, catalogue())


def test_a_reopened_report_leaves_the_roll_up():
    unit = commune(SONG_CAU)
    for quarter in (4, 3, 2, 1):
        report = QuarterlyReport.objects.get(unit=unit, year=2023, quarter=quarter)
        report.status = ReportStatus.RETURNED
        report.save(update_fields=["status"])
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=False)
        assert rolled_up(unit, 2023) == expected(unit, 2023, catalogue())
    assert not YearlyInput.objects.filter(unit=unit, year=2023).exists()  # nothing approved left


def test_rebuild_gives_the_same_table_as_incremental_upkeep():
    unit = commune(XH)
    report = QuarterlyReport.objects.get(unit=unit, year=2023, quarter=2)
    set_value(report, "dossiers_received", 999)
    report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=True)

    def table():
        return sorted(
            YearlyInput.objects.values_list("unit_id", "year", "indicator_id", "numerator", "denominator", "value")
        )

    incremental = table()
    assert yearly.rebuild() == len(incremental)
    assert table() == incremental
    assert yearly.refresh(unit_id=unit.pk, year=2023) == YearlyInput.objects.filter(unit=unit, year=2023).count()
    assert table() == incremental  # idempotent


def test_the_breakdown_computed_on_demand_adds_up_to_the_stored_totals():
    """The full pass stores totals only; the "why this score" page recomputes a
    unit's leaves with the same SQL. Both must agree for every unit."""
    framework = Framework.objects.get(province__code="06", year=2023)
    results = {r.unit_id: r for r in UnitResult.objects.filter(framework=framework).select_related("unit")}
    assert len(results) == 108
    roots = Criterion.objects.filter(framework=framework, parent__isnull=True).values_list("pk", flat=True)
    for result in results.values():
        rows = breakdown(framework, result.unit).rows
        total = sum((r.points or 0) for r in rows if r.criterion.pk in roots)
        assert total.quantize(Q4) == result.points.quantize(Q4), result.unit.code


def test_leaf_points_take_one_query(django_assert_num_queries):
    framework, unit = Framework.objects.get(province__code="06", year=2023), commune(XH)
    with django_assert_num_queries(1):
        points = engine.leaf_points(framework, unit)
    assert {Criterion.objects.get(pk=pk).code for pk in points} >= {"1.3", "2.4"}


@pytest.mark.worker  # two connections: the PostgreSQL pass (SQLite serializes writers anyway)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_approvals_of_one_unit_year_at_once_take_turns(demo_tx):
    """Two quarters of one ward approved at the same moment: the second
    refresh waits for the first and then rewrites the unit-year, instead of
    colliding with the rows the first one inserted."""
    import threading
    import time

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.fail("needs DATABASE_URL=postgres://… (two connections)")
    unit = commune(XH)
    first_in, release, errors = threading.Event(), threading.Event(), []

    def approve(wait_for=None, hold=None):
        try:
            if wait_for is not None:
                wait_for.wait(10)
            with transaction.atomic():
                yearly.refresh(unit_id=unit.pk, year=2023)
                if hold is not None:
                    first_in.set()
                    hold.wait(10)
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()  # this thread's own connection

    first = threading.Thread(target=approve, kwargs={"hold": release})
    second = threading.Thread(target=approve, kwargs={"wait_for": first_in})
    first.start()
    second.start()
    first_in.wait(10)
    time.sleep(0.3)
    assert second.is_alive()  # waiting for the first approval's transaction
    release.set()
    first.join(10)
    second.join(10)
    assert errors == []
    assert rolled_up(unit, 2023) == expected(unit, 2023, catalogue())


def test_the_frozen_roll_up_of_migration_0003_equals_todays():
    """par_index.0003 carries its own copy of the roll-up (a migration imports
    no app code); on today's data it writes what par_index.yearly writes."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from par_index import yearly
    from par_index.models import YearlyInput

    migration = importlib.import_module("par_index.migrations.0003_yearly_input")

    def rows():
        return sorted(YearlyInput.objects.values_list("unit_id", "year", "indicator_id", "numerator", "value"))

    yearly.rebuild()
    today = rows()
    YearlyInput.objects.all().delete()
    # What the migration uses of its schema editor (SQLite's cannot open inside the test's transaction).
    editor = SimpleNamespace(connection=connection, quote_name=connection.ops.quote_name)
    migration.fill(apps, editor)
    assert rows() == today and len(today) > 1000
