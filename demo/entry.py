"""The data-entry part of the demo: one report waiting for review, entered
and submitted through the services (so its history shows the steps).

Phường Phùng Chí Kiên (01843) has no clerk account; the demo admin, who may
write the figures of every ward under the body, enters it. Idempotent: a
report that exists is left as it is.
"""

from django.contrib.auth import get_user_model

from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports import services
from wards.choices import Level

SUBMITTED = ("01843", Quarter(2024, 2))


def load_entry_demo() -> None:
    from demo.services import _generated, old_unit  # the demo's own generator of plausible figures

    code, quarter = SUBMITTED
    unit = old_unit(Level.COMMUNE, code)
    if QuarterlyReport.objects.filter(unit=unit, year=quarter.year, quarter=quarter.quarter).exists():
        return
    admin = get_user_model().objects.get(username="admin")
    report, _ = services.report_start(unit=unit, year=quarter.year, quarter=quarter.quarter, by=admin)
    values = _generated(unit, [quarter])[quarter]
    services.report_save_values(
        report=report, raw=values, version=report.version, by=admin, confirm_warnings=True, source="demo"
    )
    services.report_submit(report=report, version=report.version, by=admin, source="demo")
