"""Fault script: the rankings heal after a worker is killed and the broker loses its data.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/wthard_fault .venv/bin/python benchmarks/fault_recompute.py

On the demo (Bắc Kạn, 108 communes, the 2022 and 2023 frameworks), with a
private Redis on a spare loopback port as the broker and a real Celery worker
running beat (-B, the sweep every PAR_SWEEP_SECONDS): a burst of 100
approvals; then, while the worker holds the lease of the last recompute (made
slow: its results table is held by another connection), the worker is killed
with kill -9, the broker's data is flushed (every queued and unacknowledged
task lost) and a new worker is started. Then: how long from the kill until no
ranking is stale, and whether every ranking equals a from-scratch recompute
(``recompute_rankings``). Bounded: 100 approvals,
every wait capped, loopback only; the worker and Redis are stopped at the end.

``--tiny`` (what the suite runs, inside its own transaction, no worker): 10
approvals whose tasks are lost, a claim left by a "dead" worker that no
heartbeat renews, healed by the sweep once the lease has passed.
Prints the figures; the last line is JSON.
"""

import argparse
import os
import random
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/fault_recompute.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import emit, setup  # noqa: E402


def approve_one(rng: random.Random, frameworks) -> None:
    """What an approval does to the rankings: a figure changes and the approval
    signal marks the scope-year stale in the same transaction (enqueue on commit)."""
    from django.db import transaction

    from digital_metrics.models import QuarterlyReport, ReportValue
    from digital_metrics.reports.signals import report_approval_changed

    framework = rng.choice(frameworks)
    report = QuarterlyReport.objects.filter(year=framework.year, quarter=4, status="approved").order_by("?").first()
    with transaction.atomic():
        ReportValue.objects.filter(report=report, indicator__code="dossiers_online_full").update(
            value=Decimal(rng.randint(0, 60))
        )
        report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=True)


def rankings(frameworks) -> dict:
    from par_index.models import UnitResult

    return {
        f.pk: sorted(UnitResult.objects.filter(framework=f).values_list("unit_id", "points", "rank"))
        for f in frameworks
    }


def differing_ranks(frameworks) -> int:
    """Rows whose points or rank differ from a from-scratch recompute (which then stays)."""
    from par_index import recompute

    healed = rankings(frameworks)
    recompute.recompute_all(frameworks=frameworks)
    fresh = rankings(frameworks)
    return sum(len(set(healed[pk]) ^ set(fresh[pk])) // 2 + abs(len(healed[pk]) - len(fresh[pk])) for pk in fresh)


def stale_count(frameworks) -> int:
    from par_index.models import RecomputeState

    return RecomputeState.objects.filter(framework__in=frameworks, stale=True).count()


def run_tiny(frameworks, rng) -> dict:
    from django.conf import settings
    from django.utils import timezone

    from oversight_portal.celery import app
    from par_index import recompute
    from par_index.models import RecomputeState

    eager = app.conf.task_always_eager
    lease = settings.PAR_LEASE_SECONDS
    app.conf["task_always_eager"] = app.conf["CELERY_TASK_ALWAYS_EAGER"] = True
    settings.PAR_LEASE_SECONDS = 1
    try:
        with recompute.enqueue_suppressed():  # the broker lost every task
            for _ in range(10):
                approve_one(rng, frameworks)
        # A worker claimed the first scope-year and was killed: nobody renews its lease.
        RecomputeState.objects.filter(framework=frameworks[0]).update(claimed_at=timezone.now())
        start = time.monotonic()
        deadline = start + 10
        while stale_count(frameworks) and time.monotonic() < deadline:
            recompute.sweep(min_age=timezone.timedelta(0))
            time.sleep(0.2)
        healed = time.monotonic() - start
    finally:
        app.conf["task_always_eager"] = app.conf["CELERY_TASK_ALWAYS_EAGER"] = eager
        settings.PAR_LEASE_SECONDS = lease
    return {"approvals": 10, "healed_after_s": round(healed, 1), "stale_left": stale_count(frameworks)}


def run_real(frameworks, rng, approvals: int) -> dict:
    import psycopg
    import redis
    from django.conf import settings

    from tests.par_index.workers import PrivateRedis, Worker, database_url, use_broker, wait_for

    broker = PrivateRedis().start()
    logs = Path(tempfile.mkdtemp(prefix="fault-"))
    env = {"PAR_RECOMPUTE_QUEUE": "", "CELERY_BROKER_URL": broker.url}
    settings.PAR_RECOMPUTE_QUEUE = ""
    use_broker(broker.url)
    from oversight_portal.celery import app

    app.conf["task_always_eager"] = app.conf["CELERY_TASK_ALWAYS_EAGER"] = False  # tasks go to the worker
    started = []

    def start_worker(name: str) -> Worker:
        worker = Worker(broker_url=broker.url, queue="celery", log=logs / f"{name}.log", env=env, beat=True)
        started.append(worker)
        wait_for(lambda: "ready." in worker.output(), timeout=90)
        return worker

    from par_index.models import RecomputeState

    try:
        worker = start_worker("first")
        burst_start = time.monotonic()
        for _ in range(approvals):
            approve_one(rng, frameworks)
        burst_s = time.monotonic() - burst_start
        # The last recompute is made slow (its results table held by another connection), so that the
        # worker is killed while it holds the lease; then the broker's data is flushed.
        blocker = psycopg.connect(database_url(), autocommit=False)
        try:
            blocker.execute("LOCK TABLE par_index_unitresult IN EXCLUSIVE MODE")
            approve_one(rng, frameworks)
            wait_for(
                lambda: RecomputeState.objects.filter(framework__in=frameworks, claimed_at__isnull=False).exists(),
                timeout=30,
                interval=0.01,
            )
            worker.proc.kill()  # kill -9, mid-recompute
            worker.proc.wait()
            killed = time.monotonic()
            redis.Redis.from_url(broker.url).flushall()  # every queued and unacknowledged task is gone
        finally:
            blocker.rollback()
            blocker.close()
        worker = start_worker("second")
        try:
            wait_for(lambda: stale_count(frameworks) == 0, timeout=120, interval=0.5)
            healed = time.monotonic() - killed
        except TimeoutError:
            healed = float("inf")
    finally:
        for w in started:
            w.stop()
        broker.stop()
        use_broker(None)
    return {
        "approvals": approvals + 1,
        "burst_s": round(burst_s, 1),
        "killed_mid_recompute": True,
        "healed_after_s": round(healed, 1),
        "lease_s": settings.PAR_LEASE_SECONDS,
        "sweep_every_s": settings.CELERY_BEAT_SCHEDULE["par-index-sweep-stale"]["schedule"],
    }


def run(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tiny", action="store_true", help="in-process, no worker: CI's run")
    parser.add_argument("--approvals", type=int, default=100)
    parser.add_argument("--seed", type=int, default=12)
    args = parser.parse_args(argv)
    from par_index.models import Framework

    rng = random.Random(args.seed)
    frameworks = list(Framework.objects.filter(province__code="06", year__in=[2022, 2023]).order_by("year"))
    result = run_tiny(frameworks, rng) if args.tiny else run_real(frameworks, rng, args.approvals)
    result["differing_ranks"] = differing_ranks(frameworks)
    result.update({"benchmark": "fault_recompute", "tiny": args.tiny, "frameworks": len(frameworks)})
    print(
        f"{result['approvals']} approvals; healed (no ranking stale) {result['healed_after_s']} s after the kill; "
        f"{result['differing_ranks']} ranks differ from a from-scratch recompute"
    )
    return emit(result)


if __name__ == "__main__":
    setup()
    from demo.services import load_demo

    load_demo()
    os.environ.setdefault("PAR_RECOMPUTE_QUEUE", "")
    run(sys.argv[1:])
