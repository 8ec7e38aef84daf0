"""Benchmark of the country-wide values export and of one supervision report.

    createdb -h 127.0.0.1 -U postgres docs_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/docs_bench .venv/bin/python benchmarks/exports.py

Data (generated once in one transaction, kept between runs, into a year no
demo uses): the 10.047 commune-level units before the 2025 reform, four
approved quarterly reports each for 2020, with the 31 values a clerk enters
(benchmarks/import_sheet.py's generator): 40.188 reports, 1.245.828 values.
The demo is loaded too (the supervision report is the demo's re-supervision).

Measures, each export in a fresh Python process so that its peak resident
memory is its own:
- the country-wide values export as XLSX and as CSV, through the portal's
  path (exports.services.write: chunked reads, streamed writer): seconds and
  peak RSS;
- the naive version in the same run: the ORM row by row (each report's unit,
  district, province and values loaded one by one) into an ordinary openpyxl
  workbook, timed on a sample of reports and extrapolated;
- the demo re-supervision's report as DOCX and as PDF (context, charts and
  rendering): the first call in a process (imports included) and the median
  of the next three.
``--tiny`` (CI, tests/test_benchmarks.py): 50 units, everything in-process.
The last line printed is one JSON object of the figures.
"""

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

if not __package__:  # run as a script: python benchmarks/exports.py
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from benchmarks.common import bulk_rows, emit, setup  # noqa: E402

YEAR = 2020
NAIVE_SAMPLE = 400


def mb(kilobytes: float) -> float:
    return round(kilobytes / 1024, 1)


def peak_rss_mb() -> float:
    """This process's peak resident memory. Linux's VmHWM starts afresh at exec; ru_maxrss
    would carry the parent's peak over (the generator's, here) into a child."""
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return mb(int(line.split()[1]))
    except OSError:
        pass
    return mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def generate(units) -> int:
    """Four approved reports per unit for YEAR with the 31 entered values; the number of values written."""
    from django.db import transaction
    from django.utils import timezone

    from benchmarks.import_sheet import values_for
    from digital_metrics.choices import Origin, ReportStatus
    from digital_metrics.models import Indicator, QuarterlyReport, ReportValue

    indicators = dict(Indicator.objects.values_list("code", "pk"))
    rng = random.Random(11)
    now = timezone.now()
    with transaction.atomic():
        bulk_rows(
            QuarterlyReport,
            (
                {
                    "unit_id": u.pk,
                    "year": YEAR,
                    "quarter": q,
                    "status": ReportStatus.APPROVED,
                    "origin": Origin.DEMO,
                    "created_at": now,
                    "updated_at": now,
                    "approved_at": now,
                }
                for u in units
                for q in (1, 2, 3, 4)
            ),
        )
        report_ids = QuarterlyReport.objects.filter(year=YEAR, unit__in=units).values_list("pk", flat=True)
        rows = []
        for report_id in report_ids.iterator(chunk_size=5000):
            for code, value in values_for(rng).items():
                rows.append(
                    {
                        "report_id": report_id,
                        "indicator_id": indicators[code],
                        "value": value.value,
                        "text_value": value.text_value,
                    }
                )
        return bulk_rows(ReportValue, rows)


def ours(fmt: str) -> dict:
    """The portal's export of the whole country into a temporary file."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exports.datasets import Request
    from exports.services import write

    request = Request("values", fmt, None, YEAR)
    with tempfile.NamedTemporaryFile(suffix=f".{fmt}") as out, CaptureQueriesContext(connection) as queries:
        t0 = time.perf_counter()
        rows = write(request, out.name)
        seconds = time.perf_counter() - t0
        size = Path(out.name).stat().st_size
    return {
        "rows": rows,
        "seconds": round(seconds, 2),
        "mb": round(size / 1048576, 1),
        "queries": len(queries),
        "peak_rss_mb": peak_rss_mb(),
    }


def naive(sample: int) -> dict:
    """The ORM row by row into openpyxl's ordinary workbook, on ``sample`` reports."""
    from openpyxl import Workbook

    from digital_metrics.catalogue.selectors import catalogue
    from digital_metrics.choices import ReportStatus
    from digital_metrics.models import QuarterlyReport

    indicators = [i for i in catalogue() if i.is_entered]
    reports = QuarterlyReport.objects.filter(status=ReportStatus.APPROVED, year=YEAR).order_by("unit__code", "quarter")
    total = reports.count()
    book = Workbook()
    sheet = book.active
    sheet.append(["province", "district", "code", "name", "year", "quarter", *(i.code for i in indicators), "origin"])
    t0 = time.perf_counter()
    for report in reports[:sample]:
        unit = report.unit
        district = unit.parent
        province = district.parent if district else None
        values = {v.indicator.code: (v.value if v.value is not None else v.text_value) for v in report.values.all()}
        sheet.append(
            [
                province.name if province else "",
                district.name if district else "",
                unit.code,
                unit.name,
                report.year,
                report.quarter,
                *(values.get(i.code) for i in indicators),
                report.get_origin_display(),
            ]
        )
    with tempfile.NamedTemporaryFile(suffix=".xlsx") as out:
        book.save(out.name)
    seconds = time.perf_counter() - t0
    return {
        "sample": sample,
        "per_report_ms": round(seconds / sample * 1000, 2),
        "extrapolated_s": round(seconds / sample * total, 1),
    }


def documents(repeat: int = 3) -> dict:
    """The demo re-supervision's report as DOCX and as PDF: first call, then the median of ``repeat``."""
    from demo.supervision import RESUPERVISION_TITLE
    from documents.context import paper_context
    from documents.render import render_docx, render_pdf
    from supervision.models import Supervision

    sup = Supervision.objects.get(title=RESUPERVISION_TITLE)
    out = {}
    for fmt, render in (("docx", render_docx), ("pdf", render_pdf)):
        times = []
        for _ in range(repeat + 1):
            t0 = time.perf_counter()
            data = render("report", paper_context(sup, "report"))
            times.append(time.perf_counter() - t0)
        out[fmt] = {
            "first_s": round(times[0], 2),
            "median_s": round(statistics.median(times[1:]), 3),
            "kb": len(data) // 1024,
        }
    return out


def in_child(phase: str, *extra: str) -> dict:
    """Run one phase in a fresh interpreter: its peak memory is its own."""
    result = subprocess.run(  # noqa: S603 - our own script
        [sys.executable, __file__, "--phase", phase, *extra], check=True, capture_output=True, text=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def run(argv=None) -> dict:
    from django.db import connection

    from digital_metrics.models import QuarterlyReport
    from wards.choices import Level
    from wards.models import BEFORE_REFORM_END, AdministrativeUnit
    from wards.services import import_units

    parser = argparse.ArgumentParser()
    parser.add_argument("--tiny", action="store_true", help="50 units, in-process: CI's run")
    parser.add_argument("--naive-sample", type=int, default=NAIVE_SAMPLE)
    parser.add_argument("--phase", choices=["ours-xlsx", "ours-csv", "naive", "documents"], help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.phase:  # a child process of a full run
        phases = {"ours-xlsx": lambda: ours("xlsx"), "ours-csv": lambda: ours("csv")}
        phases |= {"naive": lambda: naive(args.naive_sample), "documents": documents}
        print(json.dumps(phases[args.phase]()))
        return {}

    import_units()  # idempotent
    units = list(
        AdministrativeUnit.objects.filter(level=Level.COMMUNE).valid_on(BEFORE_REFORM_END).order_by("code").only("pk")
    )
    if args.tiny:
        units = units[:50]
    expected = len(units) * 4
    existing = QuarterlyReport.objects.filter(year=YEAR).count()
    generated_s = None
    if existing != expected:
        if existing:
            raise SystemExit(f"{existing} reports of {YEAR} exist, {expected} expected: use a fresh database")
        t0 = time.perf_counter()
        values = generate(units)
        generated_s = round(time.perf_counter() - t0, 1)
        print(f"generated {expected} reports, {values} values in {generated_s} s")
    if args.tiny:
        xlsx, csv_ = ours("xlsx"), ours("csv")
        slow = naive(min(args.naive_sample, 20))
        docs = documents(repeat=1)
    else:
        from demo.services import load_demo

        load_demo()  # idempotent: the supervision the report is drawn from
        xlsx, csv_ = in_child("ours-xlsx"), in_child("ours-csv")
        slow = in_child("naive", "--naive-sample", str(args.naive_sample))
        docs = in_child("documents")
    print(
        f"values export, {xlsx['rows']} rows: XLSX {xlsx['seconds']} s, {xlsx['peak_rss_mb']} MB peak, {xlsx['mb']} MB file"
    )
    print(f"                          CSV  {csv_['seconds']} s, {csv_['peak_rss_mb']} MB peak, {csv_['mb']} MB file")
    print(f"naive ORM per row: {slow['per_report_ms']} ms per report → {slow['extrapolated_s']} s for the country")
    print(f"report DOCX {docs['docx']} · PDF {docs['pdf']}")
    return emit(
        {
            "benchmark": "exports",
            "tiny": args.tiny,
            "database": connection.vendor,
            "reports": xlsx["rows"],
            "values_generated_s": generated_s,
            "xlsx_s": xlsx["seconds"],
            "xlsx_peak_rss_mb": xlsx["peak_rss_mb"],
            "xlsx_mb": xlsx["mb"],
            "xlsx_queries": xlsx["queries"],
            "csv_s": csv_["seconds"],
            "csv_peak_rss_mb": csv_["peak_rss_mb"],
            "csv_mb": csv_["mb"],
            "naive_per_report_ms": slow["per_report_ms"],
            "naive_extrapolated_s": slow["extrapolated_s"],
            "speedup_xlsx": round(slow["extrapolated_s"] / max(xlsx["seconds"], 0.001), 1),
            "report_docx_first_s": docs["docx"]["first_s"],
            "report_docx_s": docs["docx"]["median_s"],
            "report_pdf_first_s": docs["pdf"]["first_s"],
            "report_pdf_s": docs["pdf"]["median_s"],
            "report_docx_kb": docs["docx"]["kb"],
            "report_pdf_kb": docs["pdf"]["kb"],
        }
    )


if __name__ == "__main__":
    setup(migrate="--phase" not in sys.argv)
    run()
