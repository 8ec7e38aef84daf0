"""Optimistic locking between two real database connections (two threads, each
with its own connection, committing for real)."""

import threading

import pytest
from django.contrib.auth import get_user_model
from django.db import connection, transaction

from digital_metrics.models import AuditEntry, QuarterlyReport
from digital_metrics.reports import services

from .conftest import old_commune

tx = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _draft_pk() -> int:
    return QuarterlyReport.objects.get(unit=old_commune("01837"), year=2024, quarter=2).pk


def _in_thread(fn):
    """Run fn in a thread of its own, hence on a database connection of its own."""
    out = {}

    def run():
        try:
            out["result"] = fn()
        except Exception as exc:  # handed back to the test
            out["error"] = exc
        finally:
            connection.close()

    t = threading.Thread(target=run)
    t.start()
    return t, out


@tx
def test_the_second_connection_gets_a_conflict_and_nothing_is_lost(demo_tx):
    pk = _draft_pk()
    User = get_user_model()
    clerk, admin = User.objects.get(username="canbo_songcau"), User.objects.get(username="admin")
    # Both read version 1 on their own connection.
    read_a = QuarterlyReport.objects.get(pk=pk)
    t, out = _in_thread(lambda: QuarterlyReport.objects.get(pk=pk))
    t.join()
    read_b = out["result"]
    assert read_a.version == read_b.version == 1
    # B saves first and commits, on its own connection.
    t, out = _in_thread(
        lambda: services.report_save_values(report=read_b, raw={"campaigns_mobile": "3"}, version=1, by=admin)
    )
    t.join()
    assert "error" not in out
    # A saves with the version it read: a conflict naming B's change.
    with pytest.raises(services.ReportConflict) as exc:
        services.report_save_values(report=read_a, raw={"campaigns_mobile": "2"}, version=1, by=clerk)
    assert [(c.indicator_code, c.after, c.by.username) for c in exc.value.changes] == [
        ("campaigns_mobile", "3", "admin")
    ]
    fresh = QuarterlyReport.objects.get(pk=pk)
    assert fresh.version == 2 and fresh.values.get(indicator__code="campaigns_mobile").value == 3
    assert AuditEntry.objects.filter(report_id=pk, action="value").count() == 1


@tx
@pytest.mark.postgresql
def test_overlapping_transactions_the_row_lock_makes_the_loser_conflict(demo_tx):
    """On PostgreSQL the claim (UPDATE … WHERE version = 1) of the second
    writer waits for the first one's transaction, then matches no row.
    (SQLite has no row locks: writers are serialised by the database lock,
    tested above; the SQLite pass deselects this test.)"""
    assert connection.vendor == "postgresql", "this test needs PostgreSQL (DATABASE_URL)"
    pk = _draft_pk()
    User = get_user_model()
    clerk, admin = User.objects.get(username="canbo_songcau"), User.objects.get(username="admin")
    claimed, release = threading.Event(), threading.Event()

    def first():
        with transaction.atomic():
            report = QuarterlyReport.objects.get(pk=pk)
            services.report_save_values(report=report, raw={"campaigns_mobile": "3"}, version=1, by=admin)
            claimed.set()
            release.wait(10)  # hold the row lock while the second writer tries

    t1, out1 = _in_thread(first)
    assert claimed.wait(10)
    t2, out2 = _in_thread(
        lambda: services.report_save_values(
            report=QuarterlyReport.objects.get(pk=pk), raw={"campaigns_mobile": "2"}, version=1, by=clerk
        )
    )
    t2.join(1)
    assert t2.is_alive(), "the second writer must wait for the first one's row lock"
    release.set()
    t1.join()
    t2.join()
    assert "error" not in out1
    assert isinstance(out2.get("error"), services.ReportConflict)
    assert QuarterlyReport.objects.get(pk=pk).values.get(indicator__code="campaigns_mobile").value == 3
