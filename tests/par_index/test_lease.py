"""A worker killed with kill -9 in the middle of a recompute frees its
scope-year within the lease, and the ranking heals: a short lease renewed by a
heartbeat while the run works (par_index.recompute.Heartbeat). Real worker,
Redis and PostgreSQL: the PostgreSQL/Redis pass."""

import time

import psycopg
import pytest
from django.db import transaction
from django.utils import timezone

from par_index import recompute
from par_index.models import RecomputeState, UnitResult
from tests.par_index.test_recompute import approve_more_online_dossiers, online_points
from tests.par_index.test_worker import f2023, is_fresh, real_services, workers  # noqa: F401 - fixtures
from tests.par_index.workers import database_url, unique_queue, use_broker, wait_for

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LEASE = 6  # seconds, short so that the test is quick; production's is 20


def claimed_at(framework):
    return RecomputeState.objects.values_list("claimed_at", flat=True).get(framework=framework)


def ranking(framework) -> list:
    return sorted(UnitResult.objects.filter(framework=framework).values_list("unit_id", "points", "rank"))


def test_a_worker_killed_mid_recompute_frees_its_ranking_within_the_lease(
    demo_tx,
    real_services,
    workers,
    settings,
):
    queue = unique_queue()
    settings.PAR_RECOMPUTE_QUEUE = queue
    settings.PAR_LEASE_SECONDS = LEASE
    use_broker(real_services)
    env = {"PAR_LEASE_SECONDS": str(LEASE)}
    first = workers(broker_url=real_services, queue=queue, env=env, name="first")
    wait_for(lambda: "ready." in first.output(), timeout=60)
    framework = f2023()

    # Hold the results table so that the worker's recompute blocks half-way, as a long run would.
    blocker = psycopg.connect(database_url(), autocommit=False)
    try:
        blocker.execute("LOCK TABLE par_index_unitresult IN EXCLUSIVE MODE")
        with transaction.atomic():
            approve_more_online_dossiers(framework)
        try:
            wait_for(lambda: claimed_at(framework) is not None, timeout=30)
        except TimeoutError:
            pytest.fail("the worker did not claim the recompute:\n" + first.output()[-3000:])
        claimed = claimed_at(framework)

        # The run outlives its lease, yet keeps it: the heartbeat renews it, nobody takes it over.
        time.sleep(LEASE + 3)
        assert claimed_at(framework) > claimed, "the heartbeat did not renew the lease"
        assert recompute.claim(framework_id=framework.pk) is None
        assert recompute.sweep(min_age=timezone.timedelta(0)) == []

        first.proc.kill()  # kill -9: no finally, no release
        first.proc.wait()
        killed = time.monotonic()
    finally:
        blocker.rollback()
        blocker.close()
    assert not is_fresh(framework)

    second = workers(broker_url=real_services, queue=queue, env=env, name="second")

    def healed() -> bool:
        recompute.sweep(min_age=timezone.timedelta(0))  # what Celery beat does every PAR_SWEEP_SECONDS
        return is_fresh(framework)

    try:
        wait_for(healed, timeout=60, interval=1)
    except TimeoutError:
        pytest.fail("the ranking was not recomputed within 60 s of the kill:\n" + second.output()[-3000:])
    healed_after = time.monotonic() - killed
    assert healed_after < LEASE + 15, f"healed only after {healed_after:.1f} s"
    assert online_points(framework) == 6

    # What the worker left equals a recompute from scratch.
    after_heal = ranking(framework)
    recompute.recompute_all(frameworks=[framework])
    assert ranking(framework) == after_heal
