"""Who may export what: the one place that says it, in the words of wards.access.

A scope is a unit (a ward, a district, a province) or None for the whole
country. Today every dataset follows the same rule: a user exports the units
they look after (``Access.followed_unit_ids``: a clerk its own ward, a
supervision team or a body's admin every unit under the body) and only a
superuser exports the whole country. The rows are approved figures, rankings
and the recommendations the user may read, whatever the rule lets through.
``EXPORTERS`` is where a dataset gets a rule of its own.
"""

from collections.abc import Callable

from core.collation import vi_key
from exports.choices import Dataset
from wards.access import Access, access_for
from wards.choices import Level
from wards.models import AdministrativeUnit


def _units_followed(access: Access, scope: AdministrativeUnit) -> bool:
    """The scope is the user's ward, or a unit under one of the user's bodies (the body's own unit included)."""
    return scope.pk in access.followed_unit_ids


# Who may export each dataset for a scope (a superuser may export anything, the whole country included).
EXPORTERS: dict[str, Callable[[Access, AdministrativeUnit], bool]] = {
    Dataset.VALUES: _units_followed,
    Dataset.RANKINGS: _units_followed,
    Dataset.RECOMMENDATIONS: _units_followed,
}


def may_export(user, what: str, scope: AdministrativeUnit | None) -> bool:
    access = access_for(user)
    if not access.is_authenticated or what not in EXPORTERS:
        return False
    if access.is_superuser:
        return True
    return scope is not None and EXPORTERS[what](access, scope)


def exportable_scopes(user) -> list[AdministrativeUnit]:
    """The units offered as scopes on the export page: the user's own, or every
    province for a superuser (who may also type any unit's code)."""
    access = access_for(user)
    if not access.is_authenticated:
        return []
    if access.is_superuser:
        units = AdministrativeUnit.objects.filter(level=Level.PROVINCE) | AdministrativeUnit.objects.filter(
            pk__in=access.followed_unit_ids
        ).exclude(level=Level.COMMUNE)
    else:
        units = AdministrativeUnit.objects.filter(pk__in=access.followed_unit_ids)
    levels = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    return sorted(
        units.select_related("parent"),
        key=lambda u: (levels.get(u.level, 3), u.valid_to is None, vi_key(u.name)),
    )
