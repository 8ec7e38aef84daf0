"""Stale marks and the recompute, on whatever database the suite runs on, with
Celery eager (the real worker and broker: test_worker.py)."""

import datetime
import logging
from decimal import Decimal
from unittest import mock

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.reports.signals import report_approval_changed
from par_index import engine, recompute, services
from par_index.choices import RunTrigger
from par_index.models import Criterion, Framework, RecomputeRun, RecomputeState, UnitResult
from tests.par_index.conftest import gained
from tests.personas import person

pytestmark = pytest.mark.django_db
XH = "01855"


def f2023() -> Framework:
    return Framework.objects.get(province__code="06", year=2023)


def snapshot(framework):
    return sorted(
        UnitResult.objects.filter(framework=framework).values_list(
            "unit_id", "cohort", "points", "maximum", "index_percent", "band", "rank", "cohort_size"
        )
    )


def state(framework) -> RecomputeState:
    return RecomputeState.objects.get(framework=framework)


def approve_more_online_dossiers(framework):
    """What the data-entry engineer's approve service does: change, then send
    report_approval_changed inside the same transaction."""
    from django.contrib.auth import get_user_model

    report = QuarterlyReport.objects.get(unit__code=XH, year=framework.year, quarter=4)
    from digital_metrics.models import Indicator

    for code, value in [("dossiers_received", 200), ("dossiers_online_full", 170)]:
        ReportValue.objects.update_or_create(
            report=report, indicator=Indicator.objects.get(code=code), defaults={"value": Decimal(value)}
        )
    report_approval_changed.send(
        sender=QuarterlyReport, report=report, by=get_user_model().objects.get(username="admin"), approved=True
    )


def online_points(framework) -> Decimal:
    from tests.par_index.conftest import leaf_result

    row = leaf_result(Criterion.objects.get(framework=framework, code="6.1"), XH)
    return row.points if row else Decimal(0)  # no approved figure: no row, 0 points


def test_an_approval_marks_the_scope_year_stale_in_its_transaction(django_capture_on_commit_callbacks):
    framework = f2023()
    before = state(framework).generation
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        approve_more_online_dossiers(framework)
        assert state(framework).stale is True
    assert state(framework).generation == before + 1
    # The enqueue waits for the commit (beside it: the cached pages' generation, bumped again then).
    assert [c.__qualname__.split(".")[0] for c in callbacks] == ["bump", "mark_stale"]


def test_a_rolled_back_approval_leaves_no_mark(django_capture_on_commit_callbacks):
    framework = f2023()
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        approve_more_online_dossiers(framework)
        raise RuntimeError("approval failed")
    assert state(framework).stale is False and callbacks == []


def test_stale_mark_is_recomputed_after_commit_eager(eager, django_capture_on_commit_callbacks):
    framework = f2023()
    before = UnitResult.objects.get(framework=framework, unit__code=XH)
    assert online_points(framework) == 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        approve_more_online_dossiers(framework)
    assert state(framework).stale is False
    # 170 of 200 online: 85% ≥ the 80% target, full 6 points.
    assert online_points(framework) == Decimal(6)
    assert gained(framework, XH, before)
    run = RecomputeRun.objects.filter(framework=framework).first()
    assert run.trigger == RunTrigger.TASK and run.rows == 108 and run.error == "" and run.finished_at


def test_many_marks_coalesce_into_one_run(eager, django_capture_on_commit_callbacks):
    framework = f2023()
    leaf = Criterion.objects.get(framework=framework, code="7.1")
    runs_before = RecomputeRun.objects.count()
    from wards.models import AdministrativeUnit

    units = list(AdministrativeUnit.objects.filter(code__in=["01837", "01849", "01852", "01834"], valid_to__year=2025))
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for unit in units:
            services.appraisal_save(unit=unit, criterion=leaf, points=Decimal(15), by=person("appraiser"))
    # Four marks, four tasks published… (the run's own callback, which tells the dashboards' cache, aside)
    assert len([c for c in callbacks if "mark_stale" in c.__qualname__]) == 4
    assert RecomputeRun.objects.count() == runs_before + 1  # …one run: the others found nothing stale
    assert state(framework).stale is False


def test_a_task_run_twice_leaves_the_same_state(eager):
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="test")
    recompute.run_if_stale(framework_id=framework.pk)
    first = snapshot(framework)
    recompute.mark_stale(framework=framework, reason="test")
    recompute.run_if_stale(framework_id=framework.pk)
    assert snapshot(framework) == first
    # And with nothing stale, the task does nothing at all.
    runs = RecomputeRun.objects.count()
    assert recompute.run_if_stale(framework_id=framework.pk) is None
    assert RecomputeRun.objects.count() == runs and snapshot(framework) == first


def test_a_claimed_scope_year_is_left_to_its_claimant():
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="test")
    assert recompute.claim(framework_id=framework.pk) is not None
    assert recompute.claim(framework_id=framework.pk) is None  # the lease is held
    assert recompute.run_if_stale(framework_id=framework.pk) is None
    # A lease older than the lease time is presumed dead and may be taken over.
    RecomputeState.objects.filter(framework=framework).update(claimed_at=timezone.now() - recompute.lease() * 2)
    assert recompute.claim(framework_id=framework.pk) is not None


def test_a_mark_during_a_run_keeps_the_scope_year_stale_and_goes_round_again(eager):
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="test")
    real = engine.compute

    def compute_and_get_marked(fw, **kwargs):
        rows = real(fw, **kwargs)
        # Another transaction marks it while we compute (autocommitted here).
        RecomputeState.objects.filter(framework=fw).update(
            generation=RecomputeState.objects.get(framework=fw).generation + 1
        )
        return rows

    with (
        mock.patch.object(recompute, "enqueue") as enqueue,
        mock.patch.object(engine, "compute", compute_and_get_marked),
    ):
        recompute.run_if_stale(framework_id=framework.pk)
    s = state(framework)
    assert s.stale is True and s.claimed_at is None
    enqueue.assert_called_once_with(framework.pk, RunTrigger.TASK)


def test_a_broker_failure_does_not_fail_the_approval(caplog, django_capture_on_commit_callbacks):
    framework = f2023()
    with (
        mock.patch("par_index.tasks.recompute_rankings.apply_async", side_effect=OperationalError("Redis is down")),
        caplog.at_level(logging.WARNING, logger="par_index.recompute"),
        django_capture_on_commit_callbacks(execute=True),
        transaction.atomic(),
    ):
        approve_more_online_dossiers(framework)
    assert "sweep will retry" in caplog.text
    assert ReportValue.objects.filter(
        report__unit__code=XH, report__year=2023, indicator__code="dossiers_online_full"
    ).exists()
    assert state(framework).stale is True  # left for the sweep


def test_the_sweep_re_enqueues_old_marks_only(eager):
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="lost task")
    with mock.patch.object(recompute, "enqueue") as enqueue:
        assert recompute.sweep(min_age=datetime.timedelta(seconds=30)) == []  # too young: its task is on its way
        RecomputeState.objects.filter(framework=framework).update(
            marked_at=timezone.now() - datetime.timedelta(minutes=1)
        )
        assert recompute.sweep() == [framework.pk]
    enqueue.assert_called_once_with(framework.pk, RunTrigger.SWEEP)
    # For real, eagerly: the sweep's task recomputes.
    from par_index.tasks import sweep_stale_rankings

    sweep_stale_rankings.delay(0)
    assert state(framework).stale is False
    assert RecomputeRun.objects.filter(framework=framework).first().trigger == RunTrigger.SWEEP


def test_the_sweep_is_scheduled_by_celery_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["par-index-sweep-stale"]
    assert entry["task"] == "par_index.tasks.sweep_stale_rankings"
    from par_index import tasks

    assert tasks.recompute_rankings.acks_late is True


def test_a_failed_run_is_recorded_and_leaves_the_mark():
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="test")
    with mock.patch.object(engine, "compute", side_effect=RuntimeError("boom")), pytest.raises(RuntimeError):
        recompute.run_if_stale(framework_id=framework.pk)
    run = RecomputeRun.objects.filter(framework=framework).first()
    assert "boom" in run.error and run.finished_at
    s = state(framework)
    assert s.stale is True and s.claimed_at is None


def test_recompute_rankings_command(capsys):
    framework = f2023()
    recompute.mark_stale(framework=framework, reason="test")
    call_command("recompute_rankings", "--province", "06", "--year", "2023")
    assert "06 2023: 108 units ranked" in capsys.readouterr().out
    assert state(framework).stale is False
    assert RecomputeRun.objects.filter(framework=framework, trigger=RunTrigger.COMMAND).count() == 1
    call_command("recompute_rankings")  # all scope-years
    assert RecomputeRun.objects.filter(trigger=RunTrigger.COMMAND).count() == 3
    with pytest.raises(CommandError):
        call_command("recompute_rankings", "--province", "99")


def test_recompute_rankings_command_can_rebuild_the_roll_up_first(capsys):
    """Figures approved behind the signal's back (a raw import) count once the
    roll-up is rebuilt."""
    framework = f2023()
    report = QuarterlyReport.objects.get(unit__code=XH, year=2023, quarter=4)
    from digital_metrics.models import Indicator

    for code, value in [("dossiers_received", 200), ("dossiers_online_full", 170)]:
        ReportValue.objects.update_or_create(
            report=report, indicator=Indicator.objects.get(code=code), defaults={"value": Decimal(value)}
        )
    call_command("recompute_rankings", "--province", "06", "--year", "2023")
    assert online_points(framework) == 0  # the roll-up does not know yet
    call_command("recompute_rankings", "--province", "06", "--year", "2023", "--rebuild-inputs")
    assert "yearly roll-up rebuilt" in capsys.readouterr().out
    assert online_points(framework) == Decimal(6)


def test_the_recompute_takes_the_same_queries_whatever_the_number_of_units(django_assert_num_queries, small_framework):
    framework, _leaf = small_framework
    # maximum, delete, one insert (automatic leaves, totals and ranks): for 108
    # units as for 10.000 (on PostgreSQL also two planner settings, set and set back).
    from django.db import connection

    with django_assert_num_queries(3 + (4 if connection.vendor == "postgresql" else 0)):
        engine.compute(framework)
