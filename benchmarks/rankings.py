"""Benchmark of the PAR ranking recompute on the whole country.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench4 \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/12 .venv/bin/python benchmarks/rankings.py --naive-sample 4

Data (generated once in one transaction, kept between runs): the 10.047
commune-level units of the 63 provinces before the 2025 reform, a framework
per province and year for 8 years (2017–2024, the demo's structure: 33
criteria, 16 automatic), four approved quarterly reports per unit and year
with the figures the automatic criteria read (about 3,9 million values), and
hand-entered scores for every manual leaf (about 1,4 million). A generation
that fails leaves nothing behind (run again); ``--tiny`` generates Bắc Kạn
(108 communes) for 2017–2018 and times every step once: what CI runs, inside
the test suite's own database (tests/test_benchmarks.py).

Measures:
- the yearly roll-up the rankings read (par_index.yearly): a full rebuild
  (one-off, what the migration does) and one unit-year's refresh (what every
  approval adds to its transaction);
- full recompute of all 504 scope-years, set-based (what recompute_rankings
  does), against a naive loop (per unit: ORM reads of its figures and scores,
  Python roll-up, one save per row, ranks in Python) timed on a sample of
  scope-years in the same run and extrapolated per scope-year;
- one scope-year incremental recompute (median);
- with CELERY_BROKER_URL: approval → new rank visible, through a real worker.
Prints the figures; the last line is JSON.
"""

import argparse
import os
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/rankings.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import bulk_rows, emit, setup  # noqa: E402

YEARS = list(range(2017, 2025))
AUTO_CODES = [
    "broadcasts_loudspeaker",
    "procedures_reviewed",
    "dossiers_resolved_on_time",
    "dossiers_resolved_late",
    "copy_certifications",
    "copy_certifications_electronic",
    "dossiers_received",
    "dossiers_online_full",
    "one_stop_digital_signature_rate",
    "electronic_documents_rate",
    "households",
    "households_with_smartphone",
]


BENCH_PREFIX = "Bench "  # the name of every generated framework: what tells a generated database


def generate(*, provinces: list[str] | None, years: list[int], rng_seed=4):
    """Everything in one transaction: a failure leaves no half-generated database."""
    from django.db import transaction

    from wards.services import import_units

    t0 = time.perf_counter()
    import_units()  # idempotent
    with transaction.atomic():
        _generate(provinces=provinces, years=years, rng_seed=rng_seed, t0=t0)


def _generate(*, provinces, years, rng_seed, t0):
    from django.db import connection

    from demo.par import TREE
    from digital_metrics.models import Indicator, QuarterlyReport
    from par_index.choices import CohortMode, FrameworkStatus, Method, Part, Rule
    from par_index.models import Band, Criterion, Framework, RecomputeState, RuleStep
    from par_index.services import DEFAULT_BANDS
    from wards.choices import Level
    from wards.models import AdministrativeUnit

    day = __import__("datetime").date(2024, 1, 1)
    scope = AdministrativeUnit.objects.valid_on(day).filter(level=Level.PROVINCE).order_by("code")
    if provinces:
        scope = scope.filter(code__in=provinces)
    provinces = list(scope)
    communes = []
    for province in provinces:
        communes += AdministrativeUnit.objects.communes_under(province).valid_on(day).values_list("pk", flat=True)
    all_indicators = dict(Indicator.objects.values_list("code", "pk"))
    indicators = {code: all_indicators[code] for code in AUTO_CODES}
    print(f"units: {len(provinces)} provinces, {len(communes)} communes ({time.perf_counter() - t0:.1f} s)")

    if True:  # the caller's transaction covers everything
        frameworks = Framework.objects.bulk_create(
            Framework(
                province=p,
                year=y,
                name=f"{BENCH_PREFIX}{p.code} {y}",
                status=FrameworkStatus.PUBLISHED,
                cohort_mode=CohortMode.WARDS_APART,
            )
            for p in provinces
            for y in years
        )
        RecomputeState.objects.bulk_create(RecomputeState(framework=f, stale=False) for f in frameworks)
        Band.objects.bulk_create(
            Band(framework=f, name=n, min_percent=m, colour=c) for f in frameworks for n, m, c in DEFAULT_BANDS
        )
        # Groups first, then leaves, so that parents have ids.
        groups = Criterion.objects.bulk_create(
            Criterion(framework=f, code=r[0], title=r[1], part=r[2], order=i)
            for f in frameworks
            for i, r in enumerate(TREE)
            if "." not in r[0]
        )
        group_of = {(g.framework_id, g.code): g for g in groups}
        leaves = []
        for f in frameworks:
            for i, r in enumerate(TREE):
                if "." not in r[0]:
                    continue
                c = Criterion(
                    framework=f,
                    parent=group_of[(f.pk, r[0].split(".")[0])],
                    code=r[0],
                    title=r[1],
                    part=r[2],
                    max_points=Decimal(r[3]),
                    order=i,
                )
                if len(r) > 4:
                    c.method, c.rule = Method.AUTOMATIC, r[5]
                    c.indicator_id = all_indicators[r[4]]
                    if r[5] == Rule.PROPORTIONAL:
                        c.threshold = Decimal(r[6])
                leaves.append(c)
        leaves = Criterion.objects.bulk_create(leaves)
        steps_of = {r[0]: r[6] for r in TREE if len(r) > 4 and r[5] == Rule.STEPS}
        RuleStep.objects.bulk_create(
            RuleStep(criterion=c, min_value=Decimal(v), points=Decimal(p))
            for c in leaves
            if c.code in steps_of
            for v, p in steps_of[c.code]
        )
    manual = [c for c in leaves if c.method == Method.MANUAL]
    print(f"frameworks: {len(frameworks)}, criteria: {len(groups) + len(leaves)} ({time.perf_counter() - t0:.1f} s)")

    rng = random.Random(rng_seed)
    from digital_metrics.choices import Origin, ReportStatus
    from digital_metrics.models import ReportValue
    from par_index.models import Score

    stamp = __import__("datetime").datetime(2024, 1, 1, tzinfo=__import__("datetime").UTC)
    n_reports = bulk_rows(
        QuarterlyReport,
        (
            {"unit_id": unit_id, "year": y, "quarter": q, "status": ReportStatus.APPROVED, "version": 1,
             "origin": Origin.DEMO, "created_at": stamp, "updated_at": stamp}
            for unit_id in communes
            for y in years
            for q in (1, 2, 3, 4)
        ),
    )  # fmt: skip
    print(f"reports: {n_reports} ({time.perf_counter() - t0:.1f} s)")
    reports = QuarterlyReport.objects.filter(unit_id__in=communes, year__in=years).values_list(
        "id", "unit_id", "year", "quarter"
    )

    def values():
        for report_id, unit_id, year, quarter in reports.iterator(chunk_size=5000):
            r = random.Random(unit_id * 100000 + year * 10 + quarter)
            progress = min(1.0, (year - 2017) / 7 * r.uniform(0.6, 1.4))
            received = r.randint(30, 260)
            late = int(received * r.uniform(0, 0.06))
            copies = r.randint(10, 90)
            households = r.randint(400, 2400)
            row = {
                "broadcasts_loudspeaker": r.randint(1, 6),
                "procedures_reviewed": r.randint(0, 8) if quarter == 1 else 0,
                "dossiers_resolved_on_time": received - late,
                "dossiers_resolved_late": late,
                "copy_certifications": copies,
                "copy_certifications_electronic": int(copies * (0.1 + 0.6 * progress) * r.uniform(0.8, 1.0)),
                "dossiers_received": received,
                "dossiers_online_full": int(received * (0.02 + 0.5 * progress) * r.uniform(0.8, 1.2)),
                "one_stop_digital_signature_rate": min(100, round(70 + 30 * progress + r.uniform(-5, 5))),
                "electronic_documents_rate": round(min(99.5, 70 + 28 * progress + r.uniform(-3, 2)), 2),
                "households": households,
                "households_with_smartphone": int(households * (0.75 + 0.2 * progress)),
            }
            for code, value in row.items():
                yield {"report_id": report_id, "indicator_id": indicators[code], "value": Decimal(str(value))}

    n_values = bulk_rows(ReportValue, values())
    print(f"values: {n_values} ({time.perf_counter() - t0:.1f} s)")
    # Scores: every manual leaf of every unit's province framework.
    province_of = {}
    for province in provinces:
        for unit_id in AdministrativeUnit.objects.communes_under(province).values_list("pk", flat=True):
            province_of[unit_id] = province.pk
    manual_by_fw: dict[int, list] = {}
    for c in manual:
        manual_by_fw.setdefault(c.framework_id, []).append(c)
    fw_of = {(f.province_id, f.year): f.pk for f in frameworks}

    def scores():
        for unit_id in communes:
            for y in years:
                level = rng.uniform(0.45, 0.9)
                for c in manual_by_fw[fw_of[(province_of[unit_id], y)]]:
                    if c.part == Part.PENALTY:
                        pts = rng.choice([0, 0, 0, 0, 1])
                    elif c.part == Part.BONUS:
                        pts = float(c.max_points) if rng.random() < 0.1 else 0
                    else:
                        pts = round(float(c.max_points) * min(1.0, level * rng.uniform(0.85, 1.15)), 2)
                    points = Decimal(str(pts))
                    yield {"criterion_id": c.pk, "unit_id": unit_id, "self_points": points,
                           "appraised_points": points, "updated_at": stamp}  # fmt: skip

    n_scores = bulk_rows(Score, scores())
    print(f"scores: {n_scores} ({time.perf_counter() - t0:.1f} s)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # The reports were written approved without the approval signal that keeps
    # the yearly roll-up: build it from them once, as the migration does.
    from par_index import yearly

    rows = yearly.rebuild()
    print(f"yearly roll-up: {rows} rows ({time.perf_counter() - t0:.1f} s)")


def naive(framework) -> int:
    """The per-row ORM loop a first version would write: for each unit, read its
    year's figures (digital_metrics.reports.figures.unit_figures: Python roll-up) and
    its scores, score each leaf in Python, save a row; then rank in Python and
    save each rank."""
    from digital_metrics.catalogue.selectors import catalogue
    from digital_metrics.periods import Quarter
    from digital_metrics.reports.figures import unit_figures
    from par_index.choices import Cohort, Method, Part, Rule
    from par_index.models import Band, Criterion, Score, UnitResult
    from wards.models import AdministrativeUnit

    indicators = catalogue()
    leaves = [
        c for c in Criterion.objects.filter(framework=framework).select_related("indicator") if not c.children.exists()
    ]
    bands = list(Band.objects.filter(framework=framework).order_by("-min_percent"))
    maximum = sum((c.max_points for c in leaves if c.part in (Part.CRITERIA, Part.SURVEY)), Decimal(0))
    units = AdministrativeUnit.objects.communes_under(framework.province).valid_on(
        __import__("datetime").date(framework.year, 12, 31)
    )
    quarters = [Quarter(framework.year, q) for q in (1, 2, 3, 4)]
    UnitResult.objects.filter(framework=framework).delete()
    rows = []
    for unit in units:
        figures = unit_figures(unit=unit, quarters=quarters, indicators=indicators)
        total = Decimal(0)
        for c in leaves:
            sign = -1 if c.part == Part.PENALTY else 1
            if c.method == Method.AUTOMATIC:
                fig = figures.get(c.indicator.code)
                value = fig.value if fig else None
                if value is None:
                    points = Decimal(0)
                elif c.rule == Rule.PROPORTIONAL:
                    points = min(c.max_points, c.max_points * value / c.threshold)
                else:
                    points = max((s.points for s in c.steps.all() if s.min_value <= value), default=Decimal(0))
            else:
                s = Score.objects.filter(criterion=c, unit=unit).first()
                points = (s.appraised_points if s.appraised_points is not None else s.self_points or 0) if s else 0
            total += sign * points
        index = (total * 100 / maximum).quantize(Decimal("0.01"))
        band = next((b.name for b in bands if b.min_percent <= index), "")
        cohort = Cohort.WARDS if unit.is_ward else Cohort.COMMUNES
        rows.append(
            UnitResult.objects.create(
                framework=framework,
                unit=unit,
                cohort=cohort,
                points=total,
                maximum=maximum,
                index_percent=index,
                band=band,
                rank=0,
                cohort_size=0,
            )
        )
    for cohort in {r.cohort for r in rows}:
        members = sorted((r for r in rows if r.cohort == cohort), key=lambda r: -r.index_percent)
        for r in members:
            r.rank = next(j for j, m in enumerate(members) if m.index_percent == r.index_percent) + 1
            r.cohort_size = len(members)
            r.save(update_fields=["rank", "cohort_size"])
    return len(rows)


def approval_latency(framework, samples: int) -> list[float]:
    """Approval (a value changed + report_approval_changed, committed) → new results visible, via a real worker."""
    import tempfile

    from django.conf import settings
    from django.db import transaction

    from digital_metrics.models import QuarterlyReport, ReportValue
    from digital_metrics.reports.signals import report_approval_changed
    from par_index.models import RecomputeState, UnitResult
    from tests.par_index.workers import Worker, unique_queue, wait_for

    queue = unique_queue()
    settings.PAR_RECOMPUTE_QUEUE = queue
    worker = Worker(
        broker_url=os.environ["CELERY_BROKER_URL"], queue=queue, log=Path(tempfile.mkdtemp()) / "worker.log"
    )
    try:
        wait_for(lambda: "ready." in worker.output(), timeout=90)
        unit_result = UnitResult.objects.filter(framework=framework).order_by("-rank").select_related("unit").first()
        out = []
        for i in range(samples):
            report = QuarterlyReport.objects.get(unit=unit_result.unit, year=framework.year, quarter=4)
            start = time.perf_counter()
            with transaction.atomic():
                ReportValue.objects.filter(report=report, indicator__code="dossiers_online_full").update(
                    value=i * 7 % 50
                )
                report_approval_changed.send(sender=QuarterlyReport, report=report, by=None, approved=True)
            wait_for(lambda: not RecomputeState.objects.get(framework=framework).stale, timeout=60, interval=0.005)
            out.append(time.perf_counter() - start)
        return out
    finally:
        worker.stop()


def run(argv=None) -> dict:
    parser = argparse.ArgumentParser()
    parser.add_argument("--naive-sample", type=int, default=6, help="scope-years timed with the naive loop")
    parser.add_argument("--tiny", action="store_true", help="Bắc Kạn, 2017–2018, each step once: CI's run")
    parser.add_argument("--no-worker", action="store_true", help="skip the approval → rank timing with a worker")
    args = parser.parse_args(argv)
    provinces, years = (["06"], [2017, 2018]) if args.tiny else (None, YEARS)
    repeat = 1 if args.tiny else 3
    from django.db import connection

    from par_index import recompute
    from par_index.choices import RunTrigger
    from par_index.models import Framework, UnitResult

    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    generated = Framework.objects.filter(name__startswith=BENCH_PREFIX, year__in=years)
    if not generated.exists():
        generate(provinces=provinces, years=years)
    frameworks = list(generated.select_related("province").order_by("province__code", "year"))
    load_before = os.getloadavg()

    # 0. The yearly roll-up: a full rebuild, and one unit-year refreshed (median of 21).
    from django.db import transaction

    from par_index import yearly
    from par_index.models import YearlyInput

    start = time.perf_counter()
    rollup_rows = yearly.rebuild()
    rollup_full = time.perf_counter() - start
    sample_units = list(
        YearlyInput.objects.filter(year=max(years))
        .values_list("unit_id", flat=True)
        .distinct()[: 3 if args.tiny else 21]
    )
    times = []
    for unit_id in sample_units:
        start = time.perf_counter()
        with transaction.atomic():
            yearly.refresh(unit_id=unit_id, year=max(years))
        times.append(time.perf_counter() - start)
    rollup_one_ms = statistics.median(times) * 1000
    print(
        f"yearly roll-up: rebuild {rollup_rows} rows in {rollup_full:.2f} s (one-off); "
        f"one unit-year refreshed in {rollup_one_ms:.1f} ms (median of {len(times)}, inside an approval)"
    )

    # 1. Full recompute, set-based (what recompute_rankings does): median of 3
    # (the first also pays for a cold cache after the rebuild).
    full_times = []
    for _ in range(repeat):
        start = time.perf_counter()
        runs = recompute.recompute_all(frameworks=frameworks, trigger=RunTrigger.COMMAND)
        full_times.append(time.perf_counter() - start)
    full = statistics.median(full_times)
    rows = sum(r.rows for r in runs)
    communes = UnitResult.objects.values("unit_id").distinct().count()
    print(
        f"full recompute, set-based: {len(frameworks)} scope-years, {rows} unit-years in {full:.2f} s "
        f"(median of {repeat}: {', '.join(f'{t:.2f}' for t in full_times)})"
    )

    # 2. The naive loop on a sample (spread over sizes), extrapolated per scope-year.
    naive_sample_size = 1 if args.tiny else args.naive_sample
    sample = frameworks[:: max(1, len(frameworks) // naive_sample_size)][:naive_sample_size]
    sample_rows = 0
    start = time.perf_counter()
    for framework in sample:
        sample_rows += naive(framework)
    naive_sample = time.perf_counter() - start
    naive_per_unit = naive_sample / sample_rows
    naive_full_est = naive_per_unit * rows
    # The same sample set-based, for a like-for-like ratio.
    start = time.perf_counter()
    for framework in sample:
        recompute.run_now(framework_id=framework.pk, trigger=RunTrigger.COMMAND)
    set_sample = time.perf_counter() - start
    print(
        f"naive per-row ORM loop: {len(sample)} scope-years, {sample_rows} unit-years in {naive_sample:.2f} s "
        f"({naive_per_unit * 1000:.1f} ms per unit-year; whole country ≈ {naive_full_est:.0f} s)"
    )
    print(f"same sample set-based: {set_sample:.3f} s → {naive_sample / set_sample:.0f}× faster")

    # 3. One scope-year, incremental (Bắc Kạn 2024 and the largest scope-year).
    from django.db.models import Count

    largest_pk = (
        UnitResult.objects.filter(framework__in=frameworks, framework__year=max(years))
        .values("framework")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .values_list("framework", flat=True)
        .first()
    )
    largest = next(f for f in frameworks if f.pk == largest_pk)
    one = {}
    for framework in [f for f in frameworks if f.province.code == "06" and f.year == max(years)] + [largest]:
        times = []
        for _ in range(repeat if args.tiny else 7):
            start = time.perf_counter()
            recompute.run_now(framework_id=framework.pk, trigger=RunTrigger.COMMAND)
            times.append(time.perf_counter() - start)
        size = UnitResult.objects.filter(framework=framework).count()
        one[f"{framework.province.code}/{framework.year}"] = {
            "units": size,
            "median_ms": round(statistics.median(times) * 1000, 1),
        }
        print(
            f"one scope-year {framework.province.name} {framework.year} ({size} units): median {statistics.median(times) * 1000:.1f} ms"
        )

    # 4. Approval → visible, with a real worker.
    latency = None
    if os.environ.get("CELERY_BROKER_URL") and not args.no_worker:
        bac_kan = next(f for f in frameworks if f.province.code == "06" and f.year == max(years))
        times = approval_latency(bac_kan, 1 if args.tiny else 5)
        latency = {"median_s": round(statistics.median(times), 3), "max_s": round(max(times), 3)}
        print(f"approval → new rank visible (real worker): median {latency['median_s']} s, max {latency['max_s']} s")
    else:
        print("approval → rank with a real worker: skipped (no CELERY_BROKER_URL, or --no-worker)")

    load_after = os.getloadavg()
    print(f"load average (1 min) before/after: {load_before[0]:.2f} / {load_after[0]:.2f} on {os.cpu_count()} cores")
    result = {
        "benchmark": "par_rankings",
        "tiny": args.tiny,
        "database": connection.vendor,
        "load_average_1min": [round(load_before[0], 2), round(load_after[0], 2)],
        "yearly_rollup": {
            "rows": rollup_rows,
            "rebuild_s": round(rollup_full, 3),
            "one_unit_year_ms": round(rollup_one_ms, 1),
        },
        "communes": communes,
        "scope_years": len(frameworks),
        "unit_years": rows,
        "full_recompute_s": round(full, 3),
        "full_recompute_runs_s": [round(t, 3) for t in full_times],
        "naive_sample_scope_years": len(sample),
        "naive_sample_s": round(naive_sample, 3),
        "set_based_sample_s": round(set_sample, 3),
        "speedup": round(naive_sample / set_sample, 1),
        "naive_full_estimate_s": round(naive_full_est, 1),
        "one_scope_year": one,
        "approval_to_rank": latency,
        "goals": {
            "full_le_5s": full <= 5,
            "speedup_ge_10": naive_sample / set_sample >= 10,
            "one_le_50ms": all(v["median_ms"] <= 50 for v in one.values()),
            "approval_le_5s": None if latency is None else latency["max_s"] <= 5,
        },
    }
    return emit(result)


if __name__ == "__main__":
    setup()
    run()
