"""Dossiers per field (procedures.DossierStat): the clerk enters each field's
counts and the ward-level dossier indicators become their sums, saved through
digital_metrics.reports.services (so the catalogue's rules, the version and the audit
apply to the totals as to any save)."""

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from digital_metrics.choices import AuditSource
from digital_metrics.models import QuarterlyReport
from digital_metrics.periods import Quarter
from digital_metrics.reports import audit, services
from digital_metrics.reports.state import read_version
from procedures.models import DossierStat, Field

# DossierStat column → the ward-level indicator it adds up to.
TOTALS = {
    "received": "dossiers_received",
    "resolved_on_time": "dossiers_resolved_on_time",
    "resolved_late": "dossiers_resolved_late",
    "online_full": "dossiers_online_full",
    "online_partial": "dossiers_online_partial",
    "at_desk": "dossiers_at_desk",
    "postal": "dossiers_postal",
    "paid_online": "dossiers_paid_online",
}
CHANNELS = ("online_full", "online_partial", "at_desk", "postal")


class FieldRowForm(forms.Form):
    """One field's (lĩnh vực) counts; empty means 0."""

    def __init__(self, *args, field_name: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.field_name = field_name
        for name in TOTALS:
            self.fields[name] = forms.IntegerField(
                label=DossierStat._meta.get_field(name).verbose_name,
                min_value=0,
                required=False,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm text-end", "min": 0}),
                error_messages={
                    "min_value": gettext_lazy("Phải là số nguyên không âm."),
                    "invalid": gettext_lazy("Phải là số nguyên không âm."),
                },
            )

    def clean(self):
        data = {k: (v or 0) for k, v in super().clean().items()}
        channels = [data.get(c, 0) for c in CHANNELS]
        if "received" in data and sum(channels) != data["received"]:
            self.add_error(
                "received",
                _("%(field)s: tổng các kênh (%(parts)s = %(sum)s) phải bằng số hồ sơ tiếp nhận (%(received)s).")
                % {
                    "field": self.field_name,
                    "parts": " + ".join(str(c) for c in channels),
                    "sum": sum(channels),
                    "received": data["received"],
                },
            )
        if data.get("paid_online", 0) > data.get("received", 0):
            self.add_error(
                "paid_online",
                _(
                    "%(field)s: hồ sơ thanh toán trực tuyến (%(paid)s) không được lớn hơn hồ sơ tiếp nhận (%(received)s)."
                )
                % {"field": self.field_name, "paid": data["paid_online"], "received": data.get("received", 0)},
            )
        return data


def current_rows(report: QuarterlyReport | None) -> dict[int, dict[str, int]]:
    if report is None:
        return {}
    return {s.field_id: {n: getattr(s, n) for n in TOTALS} for s in DossierStat.objects.filter(report=report)}


def _compact(row: dict[str, int]) -> str:
    return ", ".join(f"{k}={row[k]}" for k in TOTALS)


@transaction.atomic
def dossier_breakdown_save(
    *, unit, period: Quarter, rows: dict[Field, dict[str, int]], version: int, by, confirm_warnings=False
) -> QuarterlyReport:
    """Replace the report's per-field dossiers and set the ward-level totals to
    their sums, in one transaction, at the version the clerk read (0: read
    before the report existed)."""
    report, created = services.report_start(
        unit=unit, year=period.year, quarter=period.quarter, by=by, source=AuditSource.FIELDS
    )
    totals = {code: sum(r.get(name, 0) for r in rows.values()) for name, code in TOTALS.items()}
    before = current_rows(report)
    services.report_save_values(
        report=report, raw=totals, version=read_version(version, report=report, created=created), by=by,
        confirm_warnings=confirm_warnings, source=AuditSource.FIELDS, from_breakdown=True, touch=True,
    )  # fmt: skip
    QuarterlyReport.objects.filter(pk=report.pk).update(dossiers_from_fields=True)
    report.dossiers_from_fields = True
    kept = {f: r for f, r in rows.items() if any(r.values())}
    DossierStat.objects.filter(report=report).delete()
    DossierStat.objects.bulk_create(DossierStat(report=report, field=f, **r) for f, r in kept.items())
    codes = {f.pk: f.code for f in rows}
    audit.save(
        audit.detail_changes(
            report, audit.Stamp(by, timezone.now(), report.version, AuditSource.FIELDS), prefix="dossiers",
            before={codes.get(pk, str(pk)): _compact(r) for pk, r in before.items()},
            after={f.code: _compact(r) for f, r in kept.items()},
        )
    )  # fmt: skip
    return report
