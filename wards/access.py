"""Who may do what, to which units: the one vocabulary of access in the portal.

A user's memberships (wards.Membership) grant actions (``Do``) on units. Every
app asks in these words, through ``Access.can(action, unit_id)`` for one unit
or through its models' ``objects.for_user(user, action)`` for querysets
(QuarterlyReport, AdministrativeUnit, Supervision, Recommendation, Framework,
Evidence…), and every service checks who acts with the same words.

Roles and what they grant:
- a clerk of a commune-level unit: its unapproved figures, writing them, the
  self-assessment of its PAR scores;
- a supervisor (member of a supervising body's team): reads every unit under
  the body, drafts included, and records the body's supervisions;
- an admin of a body: all of the above over every unit under the body, plus
  reviewing reports (approve, return, reopen), locking quarters and appraising
  PAR scores; a superuser may do everything.
Everybody signed in reads every unit's approved figures and published results.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.core.exceptions import PermissionDenied

from wards.choices import Role
from wards.models import AdministrativeUnit, Membership


class Do(StrEnum):
    """What a user may do to a unit."""

    READ_DRAFTS = "read_drafts"  # its unapproved figures and its PAR evidence
    WRITE_FIGURES = "write_figures"  # enter, import and submit its quarterly figures
    REVIEW = "review"  # approve, return, reopen its reports; lock its quarters
    SELF_ASSESS = "self_assess"  # its own PAR self-assessment
    APPRAISE = "appraise"  # appraisal and survey points of its PAR scores
    EDIT_FRAMEWORKS = "edit_frameworks"  # the PAR frameworks of a province (the unit is the province)


# What each role grants over the units it covers (a clerk's unit; every unit under a body).
GRANTS: dict[str, frozenset[Do]] = {
    Role.CLERK: frozenset({Do.READ_DRAFTS, Do.WRITE_FIGURES, Do.SELF_ASSESS}),
    Role.SUPERVISOR: frozenset({Do.READ_DRAFTS}),
    Role.ADMIN: frozenset({Do.READ_DRAFTS, Do.WRITE_FIGURES, Do.REVIEW, Do.APPRAISE, Do.EDIT_FRAMEWORKS}),
}


# A superuser may do everything but speak for a ward: its self-assessment is its own word.
ONLY_BY_MEMBERSHIP = frozenset({Do.SELF_ASSESS})


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_superuser: bool = False
    units: dict[Do, frozenset[int]] = field(default_factory=dict)  # action → unit ids
    roles: frozenset[str] = frozenset()
    clerk_unit_ids: frozenset[int] = frozenset()  # the units the user reports for as a clerk (their own ward)
    supervisor_body_ids: frozenset[int] = frozenset()  # bodies whose supervision team the user is in
    admin_body_ids: frozenset[int] = frozenset()

    def _everywhere(self, action: Do) -> bool:
        return self.is_superuser and action not in ONLY_BY_MEMBERSHIP

    def can(self, action: Do, unit_id: int | None) -> bool:
        return self._everywhere(action) or (unit_id is not None and unit_id in self.units.get(action, frozenset()))

    def unit_ids(self, action: Do) -> frozenset[int] | None:
        """The units the user may ``action``; None means every unit (a superuser)."""
        return None if self._everywhere(action) else self.units.get(action, frozenset())

    def member_unit_ids(self, action: Do) -> frozenset[int]:
        """The units the user's memberships grant ``action`` on, a superuser's included."""
        return self.units.get(action, frozenset())

    def can_any(self, action: Do) -> bool:
        """Whether the user may ``action`` some unit (to show a menu, open an upload page)."""
        return self._everywhere(action) or bool(self.units.get(action))

    @property
    def is_clerk(self) -> bool:
        return Role.CLERK in self.roles

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.roles

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles

    @property
    def body_ids(self) -> frozenset[int]:
        """The bodies in whose name the user records supervisions and follows recommendations."""
        return self.supervisor_body_ids | self.admin_body_ids

    @property
    def followed_unit_ids(self) -> frozenset[int]:
        """The units the user looks after: their own ward, or every unit under their bodies."""
        return self.units.get(Do.READ_DRAFTS, frozenset())


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The user's access, computed once per user object (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_access", None)
    if cached is not None:
        return cached
    units: dict[Do, set[int]] = {action: set() for action in Do}
    roles, clerk_units = set(), set()
    bodies: dict[str, set[int]] = {Role.SUPERVISOR: set(), Role.ADMIN: set()}
    body_roots: list[tuple[str, int]] = []  # (role, the body's unit)
    for m in Membership.objects.filter(user=user).select_related("body"):
        roles.add(m.role)
        if m.role == Role.CLERK:
            clerk_units.add(m.unit_id)
            for action in GRANTS[m.role]:
                units[action].add(m.unit_id)
        else:
            bodies[m.role].add(m.body_id)
            body_roots.append((m.role, m.body.unit_id))
    if body_roots:
        subtrees = AdministrativeUnit.objects.subtrees({root for _role, root in body_roots})
        for role, root in body_roots:
            for action in GRANTS[role]:
                units[action] |= subtrees[root]
    result = Access(
        is_authenticated=True,
        is_superuser=user.is_superuser,
        units={action: frozenset(ids) for action, ids in units.items()},
        roles=frozenset(roles),
        supervisor_body_ids=frozenset(bodies[Role.SUPERVISOR]),
        admin_body_ids=frozenset(bodies[Role.ADMIN]),
        clerk_unit_ids=frozenset(clerk_units),
    )
    user._portal_access = result
    return result


def restrict(queryset, user, action: Do, unit_field: str):
    """``queryset`` narrowed to the rows whose ``unit_field`` is a unit on which
    ``user`` may ``action``: the body of every model's ``for_user``."""
    access = access_for(user)
    if not access.is_authenticated:
        return queryset.none()
    ids = access.unit_ids(action)
    return queryset if ids is None else queryset.filter(**{f"{unit_field}__in": ids})


def require(user, action: Do, unit_id: int | None, message: str) -> None:
    """For services: refuse with PermissionDenied (a 403 on pages and in the API) unless ``user`` may ``action``."""
    if not access_for(user).can(action, unit_id):
        raise PermissionDenied(message)
