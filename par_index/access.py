"""Who may do what with the PAR index, built on wards.access (the one entry
point for unit access):

- rankings and every unit's breakdown are published results: everybody signed in reads them;
- evidence files: the unit's own clerks, its supervisors and admins (as drafts);
- self-assessment: only the clerks of the unit itself;
- appraisal and survey points: admins of a body above the unit;
- frameworks (edit, publish, copy) and recompute runs: admins of the province, or superusers.
"""

from par_index.models import Framework
from wards.access import access_for


def can_read_rankings(user) -> bool:
    return access_for(user).is_authenticated


def can_read_evidence(user, unit_id: int) -> bool:
    return access_for(user).can_read_unit_drafts(unit_id)


def can_self_assess(user, unit_id: int) -> bool:
    return unit_id in access_for(user).clerk_unit_ids


def can_appraise(user, unit_id: int) -> bool:
    return access_for(user).can_manage_unit(unit_id)


def can_manage_frameworks(user) -> bool:
    access = access_for(user)
    return access.is_superuser


def can_edit_framework(user, framework: Framework) -> bool:
    access = access_for(user)
    return access.is_superuser or framework.province_id in access.admin_unit_ids


def can_see_runs(user) -> bool:
    return access_for(user).is_admin
