"""Stale marks and recompute runs: the write side of rankings.

Whatever changes a (province, year) marks its RecomputeState stale inside the
same transaction and asks, after commit, for a Celery task. The task claims
the state with a conditional UPDATE (so duplicate or parallel tasks coalesce
into one run), recomputes, and clears the mark only if no newer mark arrived
meanwhile (``generation``). A broker outage loses nothing: the mark stays and
the beat sweep enqueues it again.

The lease is short (PAR_LEASE_SECONDS, 20 s) and a heartbeat thread renews it
while the run works, so a long run keeps its scope-year and a worker killed
mid-run (kill -9: no ``finally`` runs) frees it within the lease; the sweep
(every PAR_SWEEP_SECONDS) then enqueues it again. A 10-minute lease once kept
the ranks of a killed worker's scope-year wrong for 10 minutes.
"""

import contextlib
import contextvars
import datetime
import logging
import threading

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, F, Q
from django.utils import timezone

from par_index import engine
from par_index.choices import RunTrigger
from par_index.models import Framework, RecomputeRun, RecomputeState, UnitResult
from par_index.signals import rankings_changed

logger = logging.getLogger(__name__)


def lease() -> datetime.timedelta:
    """A claim not renewed for this long is presumed dead (worker killed mid-run) and may be taken over."""
    return datetime.timedelta(seconds=settings.PAR_LEASE_SECONDS)


class Heartbeat:
    """Renews a claim every third of the lease while the run works, on a
    connection of its own (the run's transaction holds the other). The
    renewal is a compare-and-set on ``claimed_at``: a lease that another
    worker took over (this one stalled past it) is never taken back."""

    def __init__(self, *, framework_id: int, claimed_at: datetime.datetime):
        self.framework_id, self.claimed_at = framework_id, claimed_at
        self.interval = settings.PAR_LEASE_SECONDS / 3
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._beat, name=f"par-lease-{framework_id}", daemon=True)

    def __enter__(self) -> "Heartbeat":
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join(timeout=self.interval + 5)

    def _beat(self) -> None:
        try:
            while not self._stop.wait(self.interval):
                now = timezone.now()
                try:
                    renewed = RecomputeState.objects.filter(
                        framework_id=self.framework_id, claimed_at=self.claimed_at
                    ).update(claimed_at=now)
                except Exception:  # a database hiccup: try again at the next beat, the lease has margin
                    logger.warning("Could not renew the lease of framework %s", self.framework_id, exc_info=True)
                    continue
                if not renewed:
                    logger.warning("The lease of framework %s was lost (taken over)", self.framework_id)
                    return
                self.claimed_at = now
        finally:
            connection.close()  # this thread's own connection


# Set by callers that recompute synchronously themselves (the demo loader), so
# that their marks do not also publish tasks.
_enqueue_suppressed = contextvars.ContextVar("par_enqueue_suppressed", default=False)


@contextlib.contextmanager
def enqueue_suppressed():
    token = _enqueue_suppressed.set(True)
    try:
        yield
    finally:
        _enqueue_suppressed.reset(token)


def mark_stale(*, framework: Framework | int, reason: str) -> None:
    """Mark the scope-year stale in the caller's transaction; enqueue after commit."""
    framework_id = framework if isinstance(framework, int) else framework.pk
    now = timezone.now()
    updated = RecomputeState.objects.filter(framework_id=framework_id).update(
        stale=True, generation=F("generation") + 1, marked_at=now, reason=reason[:200]
    )
    if not updated:
        RecomputeState.objects.create(framework_id=framework_id, stale=True, marked_at=now, reason=reason[:200])
    # The ranking page says "being recomputed" at once, and shows a changed framework or score.
    province_ids = None if isinstance(framework, int) else [framework.province_id]  # saves the receiver a query
    rankings_changed.send(sender=RecomputeState, framework_ids=[framework_id], province_ids=province_ids)
    if not _enqueue_suppressed.get():
        transaction.on_commit(lambda: enqueue(framework_id))


def enqueue(framework_id: int, trigger: str = RunTrigger.TASK) -> bool:
    """Publish the recompute task. A broker failure must not fail the caller
    (a report approval already committed): log it, the sweep will retry."""
    from par_index.tasks import recompute_rankings

    try:
        recompute_rankings.apply_async((framework_id, trigger), queue=settings.PAR_RECOMPUTE_QUEUE or None)
    except Exception:  # kombu raises several families (OperationalError, ConnectionError…)
        logger.warning(
            "Could not enqueue the recompute of framework %s; the sweep will retry", framework_id, exc_info=True
        )
        return False
    return True


def claim(*, framework_id: int) -> tuple[int, datetime.datetime] | None:
    """Take the lease on a stale scope-year; the generation seen and the
    claim's time, or None if there is nothing to do or another run holds it.
    Autocommitted, so other workers see the lease at once."""
    now = timezone.now()
    taken = (
        RecomputeState.objects.filter(framework_id=framework_id, stale=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))
        .update(claimed_at=now)
    )
    if not taken:
        return None
    return RecomputeState.objects.values_list("generation", flat=True).get(framework_id=framework_id), now


def run_if_stale(*, framework_id: int, trigger: str = RunTrigger.TASK) -> RecomputeRun | None:
    """What the Celery task does. Idempotent: with nothing stale it does nothing."""
    claimed = claim(framework_id=framework_id)
    if claimed is None:
        return None
    generation, claimed_at = claimed
    # Inside a caller's transaction (eager tests, the demo) nobody else can see
    # the claim, and a second connection would wait on the caller's locks: no heartbeat.
    beating = Heartbeat(framework_id=framework_id, claimed_at=claimed_at)
    try:
        if connection.in_atomic_block:
            run = run_now(framework_id=framework_id, trigger=trigger)
        else:
            with beating:
                run = run_now(framework_id=framework_id, trigger=trigger)
    except Exception:
        RecomputeState.objects.filter(framework_id=framework_id, claimed_at=beating.claimed_at).update(claimed_at=None)
        raise
    released = RecomputeState.objects.filter(framework_id=framework_id, generation=generation).update(
        stale=False, claimed_at=None
    )
    if not released:
        # Marked again while we computed: let go of the lease and go round once more.
        RecomputeState.objects.filter(framework_id=framework_id, claimed_at=beating.claimed_at).update(claimed_at=None)
        enqueue(framework_id, trigger)
    return run


def run_now(*, framework_id: int, trigger: str) -> RecomputeRun:
    """Recompute one scope-year unconditionally and record the run.

    The run row is written in the recompute's own transaction (one commit, not
    three: a commit waits for the disk, and this is the path of every
    approval); a failed run is recorded after the rollback."""
    framework = Framework.objects.get(pk=framework_id)
    started = timezone.now()
    try:
        with transaction.atomic():
            run = RecomputeRun.objects.create(framework=framework, trigger=trigger, started_at=started)
            run.rows = engine.compute(framework, run_id=run.pk)
            run.finished_at = timezone.now()
            run.save(update_fields=["finished_at", "rows"])
            rankings_changed.send(sender=Framework, framework_ids=[framework_id])
    except Exception as exc:
        RecomputeRun.objects.create(
            framework=framework,
            trigger=trigger,
            started_at=started,
            finished_at=timezone.now(),
            error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        raise
    return run


def recompute_all(*, frameworks, trigger: str = RunTrigger.COMMAND) -> list[RecomputeRun]:
    """The management command: recompute now, whatever the marks say, all the
    given scope-years in one set-based pass (one run row each), and clear
    the marks that were current when it started."""
    frameworks = list(frameworks)
    if not frameworks:
        return []
    ids = [f.pk for f in frameworks]
    generations = dict(RecomputeState.objects.filter(framework_id__in=ids).values_list("framework_id", "generation"))
    now = timezone.now()
    runs = RecomputeRun.objects.bulk_create(
        RecomputeRun(framework=f, trigger=trigger, started_at=now) for f in frameworks
    )
    if runs and runs[0].pk is None:  # backends that return no ids from bulk_create
        runs = list(RecomputeRun.objects.filter(framework_id__in=ids, started_at=now, trigger=trigger))
    by_framework = {r.framework_id: r for r in runs}
    try:
        with transaction.atomic():
            engine.compute_many(frameworks, run_ids={pk: r.pk for pk, r in by_framework.items()})
    except Exception as exc:
        RecomputeRun.objects.filter(pk__in=[r.pk for r in runs]).update(
            finished_at=timezone.now(), error=f"{type(exc).__name__}: {exc}"[:2000]
        )
        raise
    finished = timezone.now()
    counts = dict(
        UnitResult.objects.filter(framework_id__in=ids)
        .values("framework_id")
        .annotate(n=Count("pk"))
        .values_list("framework_id", "n")
    )
    for run in runs:
        run.finished_at, run.rows = finished, counts.get(run.framework_id, 0)
        run.framework = next(f for f in frameworks if f.pk == run.framework_id)
    RecomputeRun.objects.bulk_update(runs, ["finished_at", "rows"])
    rankings_changed.send(sender=Framework, framework_ids=ids)
    # Clear only the marks nobody renewed meanwhile (same generation as at the start).
    pairs = list(generations.items())
    for i in range(0, len(pairs), 200):
        current = Q()
        for framework_id, generation in pairs[i : i + 200]:
            current |= Q(framework_id=framework_id, generation=generation)
        RecomputeState.objects.filter(current).update(stale=False, claimed_at=None)
    return runs


def sweep(*, min_age: datetime.timedelta = datetime.timedelta(seconds=30)) -> list[int]:
    """Re-enqueue stale marks whose task was lost (broker down at publish time,
    worker killed). Young marks are left to the task already on its way."""
    now = timezone.now()
    ids = list(
        RecomputeState.objects.filter(stale=True, marked_at__lte=now - min_age)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease()))
        .values_list("framework_id", flat=True)
    )
    for framework_id in ids:
        enqueue(framework_id, RunTrigger.SWEEP)
    return ids
