"""Benchmark: import one Excel sheet with a row per commune of the country
(10.047 units as they stood on 01/03/2025, real codes), for Quý I/2025.

Stages timed: the upload checks and reading (openpyxl, read-only), the plan
(validation of every row through digital_metrics.catalogue.validation, the preview),
and the apply (all rows written in one transaction, then rolled back so the
script can run again). Beside it, the naive baseline: the same rows saved one
report at a time through services.report_save_values, measured on a sample
and extrapolated.

    DATABASE_URL=sqlite:////tmp/bench3.sqlite3 .venv/bin/python benchmarks/import_sheet.py

The last line printed is one JSON object of the figures.
"""

import argparse
import random
import resource
import sys
import time
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/import_sheet.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import emit, setup  # noqa: E402

NAIVE_SAMPLE = 100


class Row:
    """What build_workbook needs of a report value."""

    def __init__(self, value=None, text=""):
        self.value, self.text_value, self.bound = value, text, ""


def values_for(rng: random.Random) -> dict[str, Row]:
    """A consistent quarter: channels sum to the received dossiers, households add up."""
    received = rng.randint(40, 400)
    full = rng.randint(0, received // 3)
    partial = rng.randint(0, received // 3)
    postal = rng.randint(0, 2)
    desk = received - full - partial - postal
    late = rng.randint(0, 5)
    households = rng.randint(300, 3000)
    with_phone = rng.randint(households * 8 // 10, households)
    without = households - with_phone
    copies = rng.randint(10, 90)
    numbers = {
        "dossiers_received": received,
        "dossiers_online_full": full,
        "dossiers_online_partial": partial,
        "dossiers_at_desk": desk,
        "dossiers_postal": postal,
        "dossiers_resolved_on_time": max(0, received - late - rng.randint(0, 5)),
        "dossiers_resolved_late": late,
        "dossiers_paid_online": rng.randint(0, full + partial),
        "copy_certifications": copies,
        "copy_certifications_electronic": rng.randint(0, copies),
        "procedures_reviewed": 10,
        "procedures_proposed_simplification": rng.randint(0, 3),
        "broadcasts_loudspeaker": rng.randint(1, 6),
        "campaigns_mobile": rng.randint(1, 4),
        "festival_sessions": 0,
        "festival_participants": 0,
        "chip_id_cards": households * 2,
        "eid_level1": households // 2,
        "eid_level2": households // 2,
        "households": households,
        "households_with_smartphone": with_phone,
        "households_without_smartphone": without,
        "poor_households_without_smartphone": without // 5,
        "near_poor_households_without_smartphone": without // 10,
        "staff_computer_rate": 100,
        "one_stop_digital_signature_rate": rng.randint(80, 100),
        "electronic_documents_rate": round(rng.uniform(80, 99), 2),
        "health_records_rate": round(rng.uniform(40, 95), 2),
        "satisfaction_rate": round(rng.uniform(85, 99), 2),
    }
    out = {code: Row(value=v) for code, v in numbers.items()}
    out["cashless_payment"] = Row(text="Duy trì")
    out["online_payment_channels"] = Row(text="BIDV, VietinBank")
    return out


def mb(n: float) -> float:
    return round(n / 1048576, 1)


def run(argv=None) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from core.uploads import check_workbook
    from digital_metrics.catalogue.selectors import catalogue
    from digital_metrics.models import QuarterlyReport
    from digital_metrics.periods import Quarter
    from digital_metrics.reports import services
    from digital_metrics.reports.excel.values import apply_import, plan_import, read_workbook
    from digital_metrics.reports.excel.workbook import build_workbook
    from wards.choices import Level
    from wards.models import AdministrativeUnit
    from wards.services import import_units

    parser = argparse.ArgumentParser()
    parser.add_argument("--tiny", action="store_true", help="50 rows and a naive sample of 5: CI's run")
    parser.add_argument("--profile", action="store_true", help="print where the apply spends its time (cProfile)")
    args = parser.parse_args(argv)
    period = Quarter(2025, 1)
    import_units()  # idempotent
    user, _ = get_user_model().objects.get_or_create(
        username="bench_admin", defaults={"is_superuser": True, "is_staff": True}
    )
    units = list(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE)
        .valid_on(period.end)
        .order_by("code")
        .only("pk", "code", "name", "valid_from", "valid_to", "level")
    )
    if args.tiny:
        units = units[:50]
    naive_sample = 5 if args.tiny else NAIVE_SAMPLE
    QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter).delete()
    rng = random.Random(3)
    indicators = catalogue()
    data = build_workbook([(u, period, None, values_for(rng)) for u in units], indicators=indicators)
    print(f"sheet: {len(units)} rows, {mb(len(data))} MB .xlsx")

    # Peak resident memory of the process (tracemalloc would slow the run
    # several times); the figure before the import is printed beside it.
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.perf_counter()
    check_workbook(data)
    book = read_workbook(data)
    t_read = time.perf_counter() - t0
    with CaptureQueriesContext(connection) as plan_queries:
        t1 = time.perf_counter()
        plan = plan_import(book, by=user)
        t_plan = time.perf_counter() - t1
    assert not plan.errors, plan.errors[:5]
    with transaction.atomic():
        t2 = time.perf_counter()
        if args.profile:  # where the apply's time goes, for whoever tunes it
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            result = profiler.runcall(apply_import, plan, by=user)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)
        else:
            result = apply_import(plan, by=user)
        t_apply = time.perf_counter() - t2
        written = QuarterlyReport.objects.filter(year=period.year, quarter=period.quarter).count()
        transaction.set_rollback(True)  # leave the database as it was
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    total = t_read + t_plan + t_apply
    print(f"read {t_read:.1f} s, plan {t_plan:.1f} s ({len(plan_queries)} queries), apply {t_apply:.1f} s")
    print(f"total {total:.1f} s for {len(units)} rows, {plan.change_count} values; reports written: {written}")
    print(f"process peak RSS {mb(rss_after * 1024)} MB (before the import: {mb(rss_before * 1024)} MB)")

    # Naive baseline: one service call per report (create, validate, save, audit).
    sample = units[:naive_sample]
    with transaction.atomic():
        t3 = time.perf_counter()
        for unit in sample:
            report, _ = services.report_start(unit=unit, year=period.year, quarter=period.quarter, by=user)
            raw = {c: (r.text_value if r.value is None else r.value) for c, r in values_for(rng).items()}
            services.report_save_values(report=report, raw=raw, version=report.version, by=user, confirm_warnings=True)
        t_naive = time.perf_counter() - t3
        transaction.set_rollback(True)
    naive_total = t_naive / len(sample) * len(units)
    print(f"naive baseline: {t_naive / len(sample) * 1000:.0f} ms per report → {naive_total:.0f} s for {len(units)}")
    figures = {
        "benchmark": "import_sheet",
        "tiny": args.tiny,
        "database": connection.vendor,
        "rows": len(units),
        "values": plan.change_count,
        "xlsx_mb": mb(len(data)),
        "read_s": round(t_read, 2),
        "plan_s": round(t_plan, 2),
        "plan_queries": len(plan_queries),
        "apply_s": round(t_apply, 2),
        "total_s": round(total, 2),
        "peak_rss_mb": mb(rss_after * 1024),
        "rss_before_import_mb": mb(rss_before * 1024),
        "reports_created": result["reports_created"],
        "naive_per_report_ms": round(t_naive / len(sample) * 1000, 1),
        "naive_total_s_extrapolated": round(naive_total, 1),
    }
    return emit(figures)


if __name__ == "__main__":
    setup()
    run()
