"""Who may export what: the one place that says it, in the words of wards.access.

A scope is a unit (a ward, a district, a province) or None for the whole
country. Today every dataset follows the same rule: a user exports the units
they look after (``Do.READ_DRAFTS``: a clerk its own ward, a supervision team
or a body's admin every unit under the body) and only a superuser exports the
whole country. The rows are approved figures, rankings and the
recommendations the user may read, whatever the rule lets through.
"""

from core.collation import vi_key
from exports.choices import Dataset
from wards.access import Do, access_for
from wards.choices import Level
from wards.models import AdministrativeUnit

# The action a user must be granted on the scope's unit to export each dataset.
EXPORT_RIGHT: dict[str, Do] = {
    Dataset.VALUES: Do.READ_DRAFTS,
    Dataset.RANKINGS: Do.READ_DRAFTS,
    Dataset.RECOMMENDATIONS: Do.READ_DRAFTS,
}


def may_export(user, what: str, scope: AdministrativeUnit | None) -> bool:
    access = access_for(user)
    if not access.is_authenticated:
        return False
    if scope is None:
        return access.is_superuser
    return access.can(EXPORT_RIGHT[what], scope.pk)


def exportable_scopes(user) -> list[AdministrativeUnit]:
    """The units offered as scopes on the export page: the user's own, or every
    province for a superuser (who may also type any unit's code)."""
    access = access_for(user)
    if not access.is_authenticated:
        return []
    if access.is_superuser:
        units = AdministrativeUnit.objects.filter(level=Level.PROVINCE) | AdministrativeUnit.objects.filter(
            pk__in=access.member_unit_ids(Do.READ_DRAFTS)
        ).exclude(level=Level.COMMUNE)
    else:
        units = AdministrativeUnit.objects.filter(pk__in=access.followed_unit_ids)
    levels = {Level.PROVINCE: 0, Level.DISTRICT: 1, Level.COMMUNE: 2}
    return sorted(
        units.select_related("parent"),
        key=lambda u: (levels.get(u.level, 3), u.valid_to is None, vi_key(u.name)),
    )
