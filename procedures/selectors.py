"""Reads of the procedure catalogue and of per-procedure activity."""

from dataclasses import dataclass

from django.db.models import Count, Q

from procedures.choices import OnlineLevel
from procedures.models import Field, Procedure, ProcedureActivity


@dataclass(frozen=True)
class OnlineActivity:
    procedures: int  # procedures with at least one online dossier
    fields: int  # fields those procedures belong to
    paid_procedures: int  # procedures with at least one fee paid online
    paid_fields: list[str]
    online_dossiers: int
    field_names: list[str]


def activity_rows(report_ids: list[int]) -> dict[int, list[tuple]]:
    """Per-procedure detail of the given reports, by report id (1 query)."""
    out: dict[int, list[tuple]] = {}
    rows = ProcedureActivity.objects.filter(report_id__in=report_ids).values_list(
        "report_id",
        "procedure_id",
        "procedure__field__name_vi",
        "procedure__field__order",
        "online_dossiers",
        "paid_online_dossiers",
    )
    for report_id, *rest in rows:
        out.setdefault(report_id, []).append(tuple(rest))
    return out


def online_activity(rows: list[tuple]) -> OnlineActivity | None:
    """Counted from the per-procedure detail: "28 procedures in 7 fields with
    online dossiers, 9 with online payment". None when no detail was sent."""
    if not rows:
        return None
    online: dict[int, int] = {}
    paid: dict[int, int] = {}
    field_of: dict[int, tuple[int, str]] = {}
    for proc_id, field_name, field_order, n_online, n_paid in rows:
        online[proc_id] = online.get(proc_id, 0) + n_online
        paid[proc_id] = paid.get(proc_id, 0) + n_paid
        field_of[proc_id] = (field_order, field_name)
    with_online = [p for p, n in online.items() if n > 0]
    with_paid = [p for p, n in paid.items() if n > 0]
    fields = sorted({field_of[p] for p in with_online})
    paid_fields = sorted({field_of[p] for p in with_paid})
    return OnlineActivity(
        procedures=len(with_online),
        fields=len(fields),
        paid_procedures=len(with_paid),
        paid_fields=[name for _, name in paid_fields],
        online_dossiers=sum(online.values()),
        field_names=[name for _, name in fields],
    )


def catalogue_summary():
    """Per field: procedures, how many fully or partly online, how many with online payment."""
    return Field.objects.annotate(
        total=Count("procedures", filter=Q(procedures__is_active=True)),
        full=Count("procedures", filter=Q(procedures__is_active=True, procedures__online_level=OnlineLevel.FULL)),
        partial=Count("procedures", filter=Q(procedures__is_active=True, procedures__online_level=OnlineLevel.PARTIAL)),
        paid=Count("procedures", filter=Q(procedures__is_active=True, procedures__online_payment=True)),
    ).order_by("order")


def procedures_by_field():
    return Procedure.objects.filter(is_active=True).select_related("field").order_by("field__order", "code")
