"""Who may do what, to which units: the one vocabulary of access in the portal.

A user's memberships (wards.Membership) grant actions (``Do``) on units. Every
app asks in these words, through ``Access.can(action, unit_id)`` for one unit
or through its models' ``objects.for_user(user, action)`` for querysets
(QuarterlyReport, AdministrativeUnit, Supervision, Recommendation, Framework,
Evidence…), and every service checks who acts with the same words.

Roles, as the institutions divide the work (DESIGN.md), each a membership:
- a clerk of a ward enters, imports and submits its figures, reads its drafts,
  self-assesses its PAR scores;
- a reviewer of the UBND above the ward (Phòng Nội vụ or Văn phòng) accepts
  the ward's figures: reads what was submitted, approves, returns, reopens,
  locks its wards' quarters; it never writes them;
- an appraiser of the province's Sở Nội vụ (Hội đồng thẩm định) appraises PAR
  scores, edits the province's frameworks and publishes its official rankings;
- the supervision team of an HĐND reads what was accepted (never a draft or a
  figure still pending), records supervisions, findings, recommendations and
  verifies their follow-up;
- an admin of a body sees everything under it; a superuser sees everything,
  keeps the catalogue and may correct or import figures (audited like anyone's),
  but acts for no UBND, appraisal council or ward: approving, appraising,
  publishing rankings and a ward's self-assessment are someone's job.
Everybody signed in reads every unit's accepted figures and published results.
"""

import hashlib
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

from django.core.cache import cache
from django.core.exceptions import PermissionDenied

from core import freshness
from wards.choices import ROLE_BODY_KINDS, Role
from wards.models import AdministrativeUnit, Membership


class Do(StrEnum):
    """What a user may do to a unit."""

    READ_DRAFTS = "read_drafts"  # its figures not yet submitted
    READ_PENDING = "read_pending"  # its figures submitted or returned, not yet accepted
    READ_EVIDENCE = "read_evidence"  # the evidence and history behind its PAR scores
    WRITE_FIGURES = "write_figures"  # enter, import and submit its quarterly figures
    REVIEW = "review"  # approve, return, reopen its reports; lock its quarters
    SELF_ASSESS = "self_assess"  # its own PAR self-assessment
    APPRAISE = "appraise"  # appraisal and survey points of its PAR scores
    EDIT_FRAMEWORKS = "edit_frameworks"  # the PAR frameworks of a province (the unit is the province)
    PUBLISH_RANKINGS = "publish_rankings"  # the official ranking of a province (the unit is the province)


# What each role grants over the units it covers (a clerk's unit; every unit under a body).
GRANTS: dict[str, frozenset[Do]] = {
    Role.CLERK: frozenset({Do.READ_DRAFTS, Do.READ_PENDING, Do.READ_EVIDENCE, Do.WRITE_FIGURES, Do.SELF_ASSESS}),
    Role.REVIEWER: frozenset({Do.READ_PENDING, Do.REVIEW}),
    Role.APPRAISER: frozenset({Do.READ_EVIDENCE, Do.APPRAISE, Do.EDIT_FRAMEWORKS, Do.PUBLISH_RANKINGS}),
    Role.SUPERVISOR: frozenset({Do.READ_EVIDENCE}),
    Role.ADMIN: frozenset({Do.READ_DRAFTS, Do.READ_PENDING, Do.READ_EVIDENCE}),
}

ACCESS_CACHE_SECONDS = 300  # a backstop: the global generation makes a changed access unreachable at once

# A superuser sees everything and keeps the data, but takes no institution's
# decision: these only a membership grants.
ONLY_BY_MEMBERSHIP = frozenset({Do.SELF_ASSESS, Do.REVIEW, Do.APPRAISE, Do.PUBLISH_RANKINGS})


@dataclass(frozen=True)
class Access:
    is_authenticated: bool = False
    is_superuser: bool = False
    units: dict[Do, frozenset[int]] = field(default_factory=dict)  # action → unit ids
    roles: frozenset[str] = frozenset()
    clerk_unit_ids: frozenset[int] = frozenset()  # the units the user reports for as a clerk (their own ward)
    bodies: dict[str, frozenset[int]] = field(default_factory=dict)  # role → the bodies the user holds it in
    followed_unit_ids: frozenset[int] = frozenset()  # the user's ward, or every unit under the user's bodies

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

    def bodies_as(self, role: str) -> frozenset[int]:
        """The bodies in which the user holds ``role``."""
        return self.bodies.get(role, frozenset())

    @cached_property
    def key(self) -> str:
        """The same for two users whose access is the same: a cache key part for what a page
        shows according to its reader (pending columns, readable histories, their own ward)."""
        canonical = (
            self.is_authenticated,
            self.is_superuser,
            sorted((str(a), sorted(ids)) for a, ids in self.units.items() if ids),
            sorted(self.roles),
            sorted(self.clerk_unit_ids),
            sorted((r, sorted(ids)) for r, ids in self.bodies.items()),
            sorted(self.followed_unit_ids),
        )
        return hashlib.sha256(repr(canonical).encode()).hexdigest()[:32]

    @property
    def is_clerk(self) -> bool:
        return Role.CLERK in self.roles

    @property
    def is_reviewer(self) -> bool:
        return Role.REVIEWER in self.roles

    @property
    def is_appraiser(self) -> bool:
        return Role.APPRAISER in self.roles

    @property
    def is_supervisor(self) -> bool:
        return Role.SUPERVISOR in self.roles

    @property
    def is_admin(self) -> bool:
        return self.is_superuser or Role.ADMIN in self.roles

    @property
    def sees_technical(self) -> bool:
        """Codes, versions and the API are for admins, reviewers and other systems'
        people; a ward's clerk and nothing else sees the words of their work only."""
        return self.is_superuser or not self.is_clerk or bool(self.roles - {Role.CLERK})

    @property
    def supervisor_body_ids(self) -> frozenset[int]:
        """The HĐND bodies whose supervision team the user is in: they record supervisions in its name."""
        return self.bodies_as(Role.SUPERVISOR)

    @property
    def member_body_ids(self) -> frozenset[int]:
        """Every body the user works in, whatever the role (a recommendation addressed to one concerns them)."""
        return frozenset().union(*self.bodies.values()) if self.bodies else frozenset()


ANONYMOUS = Access()


def access_for(user) -> Access:
    """The user's access, computed once per user object (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    cached = getattr(user, "_portal_access", None)
    if cached is not None:
        return cached
    # Shared across requests under the global generation (core.freshness), which every change of
    # a membership, a body or a unit bumps at once and again at its commit: a signed-in page
    # costs one cache read instead of two queries. The superuser flag is read from the user row.
    key = f"portal-access:{user.pk}"
    found = freshness.read_many([freshness.GLOBAL, key])
    entry = found.get(key)
    if entry is not None and entry[0] == (found.get(freshness.GLOBAL), user.is_superuser):
        user._portal_access = entry[1]
        return entry[1]
    stamp = (freshness.counters([freshness.GLOBAL])[0], user.is_superuser)  # read before computing
    units: dict[Do, set[int]] = {action: set() for action in Do}
    roles, clerk_units, followed = set(), set(), set()
    bodies: dict[str, set[int]] = {}
    body_roots: list[tuple[str, int]] = []  # (role, the body's unit)
    for m in Membership.objects.filter(user=user).select_related("body"):
        if m.role == Role.CLERK:
            roles.add(m.role)
            clerk_units.add(m.unit_id)
            for action in GRANTS[m.role]:
                units[action].add(m.unit_id)
            continue
        if m.body.kind not in ROLE_BODY_KINDS.get(m.role, {m.body.kind}):
            continue  # a role held in a body of the wrong kind grants nothing (Membership.clean refuses it)
        roles.add(m.role)
        bodies.setdefault(m.role, set()).add(m.body_id)
        body_roots.append((m.role, m.body.unit_id))
    followed |= clerk_units
    if body_roots:
        subtrees = AdministrativeUnit.objects.subtrees({root for _role, root in body_roots})
        for role, root in body_roots:
            followed |= subtrees[root]
            for action in GRANTS[role]:
                units[action] |= subtrees[root]
    result = Access(
        is_authenticated=True,
        is_superuser=user.is_superuser,
        units={action: frozenset(ids) for action, ids in units.items()},
        roles=frozenset(roles),
        clerk_unit_ids=frozenset(clerk_units),
        bodies={role: frozenset(ids) for role, ids in bodies.items()},
        followed_unit_ids=frozenset(followed),
    )
    user._portal_access = result
    result.key  # noqa: B018 - computed once and cached with it (a hash over every unit the user follows)
    cache.set(key, (stamp, result), ACCESS_CACHE_SECONDS)
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
