"""The events that make the dashboards' cached pages stale: receivers that bump
the generations of core.freshness (connected in DashboardsConfig.ready), and
the province a unit belongs to."""

from core.freshness import GLOBAL, _bump, _fresh, _key, bump, generation, generations  # noqa: F401


def province_of_unit(unit_id: int | None) -> int | None:
    """The province above (or at) a unit, in one query."""
    from wards.choices import Level
    from wards.models import AdministrativeUnit

    row = (
        AdministrativeUnit.objects.filter(pk=unit_id)
        .values_list("level", "parent_id", "parent__level", "parent__parent_id")
        .first()
    )
    if row is None:
        return None
    level, parent, parent_level, grandparent = row
    if level == Level.PROVINCE:
        return unit_id
    return parent if parent_level == Level.PROVINCE else grandparent


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
