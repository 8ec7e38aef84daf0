"""Who may see and change what, for units. The one entry point for access rules
about units: views, the API and services call these, never ad-hoc filters.

- A clerk writes the figures of the commune-level unit(s) they belong to.
- A supervisor (member of a supervising body) reads every unit under the body.
- An admin of a body reads and manages every unit under it; a superuser
  manages everything.
- Everybody signed in reads every unit's approved figures.
"""

from dataclasses import dataclass, field

from wards.choices import Role
from wards.models import AdministrativeUnit, Membership


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_superuser: bool = False
    clerk_unit_ids: frozenset[int] = field(default_factory=frozenset)
    supervised_unit_ids: frozenset[int] = field(default_factory=frozenset)
    admin_unit_ids: frozenset[int] = field(default_factory=frozenset)
    supervisor_body_ids: frozenset[int] = field(default_factory=frozenset)
    admin_body_ids: frozenset[int] = field(default_factory=frozenset)

    @property
    def is_clerk(self) -> bool:
        return bool(self.clerk_unit_ids)

    @property
    def is_supervisor(self) -> bool:
        return bool(self.supervisor_body_ids)

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or bool(self.admin_body_ids)

    @property
    def body_ids(self) -> frozenset[int]:
        return self.supervisor_body_ids | self.admin_body_ids

    def can_read_unit_drafts(self, unit_id: int) -> bool:
        """Unapproved figures: the unit's own clerks, its supervisors and admins."""
        return (
            self.is_superuser
            or unit_id in self.clerk_unit_ids
            or unit_id in self.supervised_unit_ids
            or unit_id in self.admin_unit_ids
        )

    def can_write_unit_figures(self, unit_id: int) -> bool:
        """Supervisors never write figures; clerks only their own unit's."""
        return self.is_superuser or unit_id in self.clerk_unit_ids or unit_id in self.admin_unit_ids

    def can_manage_unit(self, unit_id: int) -> bool:
        """Approve, return, lock and reopen: admins of a body above the unit."""
        return self.is_superuser or unit_id in self.admin_unit_ids


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The user's access, computed once per user object (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_access", None)
    if cached is not None:
        return cached
    clerk, supervised, admin_units, sup_bodies, admin_bodies = set(), set(), set(), set(), set()
    body_units: dict[int, set[int]] = {}
    for m in Membership.objects.filter(user=user).select_related("body"):
        if m.role == Role.CLERK:
            clerk.add(m.unit_id)
        elif m.role == Role.SUPERVISOR:
            sup_bodies.add(m.body_id)
            body_units.setdefault(m.body.unit_id, set()).add(m.body_id)
        elif m.role == Role.ADMIN:
            admin_bodies.add(m.body_id)
            body_units.setdefault(m.body.unit_id, set()).add(m.body_id)
    if body_units:
        units_of_root = AdministrativeUnit.objects.subtrees(body_units)
        for root, body_ids in body_units.items():
            for body_id in body_ids:
                if body_id in sup_bodies:
                    supervised |= units_of_root[root]
                if body_id in admin_bodies:
                    admin_units |= units_of_root[root]
    result = Access(
        is_authenticated=True,
        is_superuser=user.is_superuser,
        clerk_unit_ids=frozenset(clerk),
        supervised_unit_ids=frozenset(supervised),
        admin_unit_ids=frozenset(admin_units),
        supervisor_body_ids=frozenset(sup_bodies),
        admin_body_ids=frozenset(admin_bodies),
    )
    user._portal_access = result
    return result
