"""The events that make the dashboards' cached pages stale: receivers that bump
the generations of core.freshness (connected in DashboardsConfig.ready), and
the province a unit belongs to."""

from core.freshness import bump


def provinces_of(unit_ids) -> list[int]:
    """The provinces above (or at) units, in one query."""
    from wards.choices import Level
    from wards.models import AdministrativeUnit

    rows = AdministrativeUnit.objects.filter(pk__in=list(unit_ids)).values_list(
        "pk", "level", "parent_id", "parent__level", "parent__parent_id"
    )
    found = {
        pk if level == Level.PROVINCE else parent if parent_level == Level.PROVINCE else grandparent
        for pk, level, parent, parent_level, grandparent in rows
    }
    return sorted(p for p in found if p is not None)


def province_of_unit(unit_id: int | None) -> int | None:
    """The province above (or at) a unit, in one query."""
    found = provinces_of([unit_id]) if unit_id is not None else []
    return found[0] if found else None


# Receivers (connected in DashboardsConfig.ready). ------------------------------


def on_report_status(sender=None, *, report, **kwargs) -> None:
    bump(province_of_unit(report.unit_id))


def on_rankings(sender=None, *, framework_ids, province_ids=None, **kwargs) -> None:
    from par_index.models import Framework

    if province_ids is None:
        province_ids = Framework.objects.filter(pk__in=framework_ids).values_list("province_id", flat=True)
    for province_id in set(province_ids):
        bump(province_id)


def on_recommendation(sender=None, *, instance, **kwargs) -> None:
    if instance.addressee_unit_id:
        bump(province_of_unit(instance.addressee_unit_id))
    else:
        bump(province_of_unit(instance.supervision.body.unit_id))


def on_catalogue(sender=None, **kwargs) -> None:
    """A rare edit (a body, a unit, a lock, a target, a supervision, the one-stop figures…): any page may show it."""
    bump(None)
