"""The data-entry part of the demo: one report waiting for review, entered
and submitted through the services (so its history shows the steps).

Phường Phùng Chí Kiên (01843)'s clerk enters it; its figures are generated,
so the report is marked as demo ("minh họa"). Idempotent: a report that
exists is left as it is.
"""

from django.contrib.auth import get_user_model

from digital_metrics.choices import AuditSource, Origin
from digital_metrics.models import QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.reports import services
from wards.choices import Level

SUBMITTED = ("01843", Quarter(2024, 2))
CLERK = "canbo_phungchikien"


def load_entry_demo() -> None:
    from demo.services import _generated, old_unit  # the demo's own generator of plausible figures

    code, quarter = SUBMITTED
    unit = old_unit(Level.COMMUNE, code)
    if QuarterlyReport.objects.filter(unit=unit, year=quarter.year, quarter=quarter.quarter).exists():
        return
    clerk = get_user_model().objects.get(username=CLERK)
    report, _ = services.report_start(
        unit=unit, year=quarter.year, quarter=quarter.quarter, by=clerk, source=AuditSource.DEMO
    )
    QuarterlyReport.objects.filter(pk=report.pk).update(origin=Origin.DEMO)
    values = _generated(unit, [quarter])[quarter]
    services.report_save_values(
        report=report, raw=values, version=report.version, by=clerk, confirm_warnings=True, source=AuditSource.DEMO
    )
    # Generated, not typed by anyone: every value is shown "minh họa" (a value
    # the clerk types over it later becomes the clerk's own).
    ReportValue.objects.filter(report=report).update(origin=Origin.DEMO)
    services.report_submit(report=report, version=report.version, by=clerk, source=AuditSource.DEMO)
