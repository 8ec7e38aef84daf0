"""With a real Celery worker (subprocess), Redis and PostgreSQL: the PostgreSQL/Redis
pass of CI. The SQLite pass deselects these (conftest.py); where a broker is
configured but Redis or PostgreSQL is missing they fail, never skip."""

import logging

import pytest
from django.db import transaction

from conftest import set_eager
from digital_metrics.choices import ReportStatus
from digital_metrics.models import QuarterlyReport
from par_index.choices import RunTrigger
from par_index.models import Framework, RecomputeRun, RecomputeState, UnitResult
from tests.par_index.conftest import gained
from tests.par_index.test_recompute import approve_more_online_dossiers, online_points
from tests.par_index.workers import PrivateRedis, Worker, require_real_parts, unique_queue, use_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def real_services(settings):
    """Fail (not skip) when the real parts are missing."""
    broker = require_real_parts()
    eager = set_eager(False)
    yield broker
    set_eager(eager)
    use_broker(None)


@pytest.fixture
def workers(tmp_path):
    started = []

    def start(*, broker_url, queue, env=None, name=None, beat=False):
        log = tmp_path / f"{name or queue}.log"
        worker = Worker(broker_url=broker_url, queue=queue, log=log, env=env, beat=beat)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()


def f2023() -> Framework:
    return Framework.objects.get(province__code="06", year=2023)


def is_fresh(framework) -> bool:
    return not RecomputeState.objects.get(framework=framework).stale


def test_an_approval_is_ranked_by_a_real_worker(demo_tx, real_services, workers, settings):
    queue = unique_queue()
    settings.PAR_RECOMPUTE_QUEUE = queue
    use_broker(real_services)
    worker = workers(broker_url=real_services, queue=queue)
    framework = f2023()
    before = UnitResult.objects.get(framework=framework, unit__code="01855")
    with transaction.atomic():
        approve_more_online_dossiers(framework)
    try:
        wait_for(lambda: is_fresh(framework), timeout=60)
    except TimeoutError:
        pytest.fail("the worker did not recompute within 60 s:\n" + worker.output()[-3000:])
    assert online_points(framework) == 6
    assert gained(framework, "01855", before)
    run = RecomputeRun.objects.filter(framework=framework).first()
    assert run.trigger == RunTrigger.TASK and run.rows == 108 and not run.error
    # The same task again (a redelivery under acks_late): nothing stale, nothing changes.
    snapshot = sorted(UnitResult.objects.filter(framework=framework).values_list("unit_id", "points", "rank"))
    from par_index.tasks import recompute_rankings

    runs = RecomputeRun.objects.count()
    recompute_rankings.apply_async((framework.pk,), queue=queue)
    recompute_rankings.apply_async((framework.pk,), queue=queue)
    wait_for(lambda: "succeeded" in worker.output() and worker.output().count("succeeded") >= 3, timeout=30)
    assert RecomputeRun.objects.count() == runs
    assert sorted(UnitResult.objects.filter(framework=framework).values_list("unit_id", "points", "rank")) == snapshot


def test_redis_down_during_an_approval_then_the_sweep_recomputes(demo_tx, real_services, workers, settings, caplog):
    queue = unique_queue()
    settings.PAR_RECOMPUTE_QUEUE = queue
    redis = PrivateRedis().start()
    try:
        use_broker(redis.url)
        worker = workers(broker_url=redis.url, queue=queue)
        try:
            wait_for(lambda: "ready." in worker.output(), timeout=60)  # connected to our Redis, consuming
        except TimeoutError:
            pytest.fail("the worker did not start:\n" + worker.output()[-3000:])
        framework = f2023()
        runs_before = RecomputeRun.objects.filter(framework=framework).count()

        redis.stop()  # the outage
        report = QuarterlyReport.objects.get(unit__code="01855", year=2023, quarter=4)
        QuarterlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
        with caplog.at_level(logging.WARNING, logger="par_index.recompute"), transaction.atomic():
            QuarterlyReport.objects.filter(pk=report.pk).update(status=ReportStatus.APPROVED)
            approve_more_online_dossiers(framework)
        # The approval is saved; the publish failed and was logged; the mark waits.
        assert "sweep will retry" in caplog.text
        assert QuarterlyReport.objects.get(pk=report.pk).status == ReportStatus.APPROVED
        assert not is_fresh(framework)
        assert RecomputeRun.objects.filter(framework=framework).count() == runs_before

        redis.start()  # back, empty: the task published before the outage never existed
        use_broker(redis.url)
        from par_index.tasks import sweep_stale_rankings

        # What Celery beat does every minute (min_age 0: do not wait in a test).
        sweep_stale_rankings.apply_async(kwargs={"min_age_seconds": 0}, queue=queue)
        try:
            wait_for(lambda: is_fresh(framework), timeout=90)
        except TimeoutError:
            pytest.fail("no recompute after Redis came back:\n" + worker.output()[-3000:])
        assert online_points(framework) == 6
        assert RecomputeRun.objects.filter(framework=framework).first().trigger == RunTrigger.SWEEP
    finally:
        redis.stop()
