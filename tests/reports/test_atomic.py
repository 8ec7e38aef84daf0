"""All or nothing, proven by a failure injected in the middle of a write: the
Excel values import, the procedure-detail import and the dossier breakdown
leave the database exactly as it was (remove the transaction from any of them
and its test fails: the half-written rows stay)."""

import pytest

from digital_metrics.models import AuditEntry, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter
from digital_metrics.reports import audit
from digital_metrics.reports.excel.values import apply_import, plan_import, read_workbook
from procedures.activity_import import ActivityImporter
from procedures.dossiers import TOTALS, dossier_breakdown_save
from procedures.models import DossierStat, Field, ProcedureActivity

from .conftest import old_commune
from .test_activity_import import sheet, xuathoa_rows
from .xlsx import workbook

pytestmark = pytest.mark.django_db


class Injected(Exception):
    pass


def counts():
    return (
        QuarterlyReport.objects.count(),
        ReportValue.objects.count(),
        AuditEntry.objects.count(),
        ProcedureActivity.objects.count(),
        DossierStat.objects.count(),
        list(QuarterlyReport.objects.order_by("pk").values_list("pk", "version")),
    )


@pytest.fixture
def fail_at_the_audit(monkeypatch):
    """Fail at the n-th write of audit rows (default: the first). The audit is
    written last in each step: by then reports, values and detail rows are written."""
    calls = {"n": 0, "fail_at": 1}
    real = audit.save

    def save(entries):
        calls["n"] += 1
        if calls["n"] == calls["fail_at"]:
            raise Injected
        real(entries)

    monkeypatch.setattr(audit, "save", save)
    return calls


def test_the_values_import_writes_nothing_when_it_fails_half_way(user, fail_at_the_audit):
    rows = [
        {"unit_code": "01837", "year": 2024, "quarter": 2, "version": 1, "campaigns_mobile": 7},  # an existing draft
        {"unit_code": "01855", "year": 2024, "quarter": 2, "campaigns_mobile": 2},  # a new report
    ]
    plan = plan_import(read_workbook(workbook(rows)), by=user("admin"))
    assert not plan.errors and len(plan.changed) == 2
    before = counts()
    with pytest.raises(Injected):
        apply_import(plan, by=user("admin"))
    assert counts() == before


def test_the_procedure_detail_import_writes_nothing_when_it_fails_half_way(user, fail_at_the_audit):
    importer = ActivityImporter()
    plan = importer.plan(sheet(xuathoa_rows(2024, 2)), by=user("canbo_xuathoa"))
    assert not plan.errors and len(plan.changed) == 1
    before = counts()
    with pytest.raises(Injected):
        importer.apply(plan, by=user("canbo_xuathoa"), versions=plan.versions())
    assert counts() == before


def test_the_dossier_breakdown_writes_nothing_when_it_fails_half_way(user, fail_at_the_audit):
    fail_at_the_audit["fail_at"] = 3  # after the report was created and its totals saved
    field = Field.objects.order_by("order").first()
    rows = {field: {**dict.fromkeys(TOTALS, 0), "received": 5, "resolved_on_time": 5, "at_desk": 5}}
    before = counts()
    with pytest.raises(Injected):
        dossier_breakdown_save(
            unit=old_commune("01855"), period=Quarter(2024, 2), rows=rows, version=0, by=user("canbo_xuathoa")
        )
    assert counts() == before
