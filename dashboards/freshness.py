"""The generations of what the dashboards cache: counters in the cache, bumped
(after commit) by every event that changes an overview, so that a cached
overview's key — which carries the generations it was computed at — becomes
unreachable at once; nobody has to know which keys to delete.

One counter per province: a report's status (submitted, approved, returned,
reopened), a ranking recomputed, published or announced, a recommendation
created, changed or deleted bump the province they concern — 108 clerks of
Bắc Kạn submitting at the deadline do not make Thanh Hóa's overview be
computed again. One global counter for what may concern any overview: a body
or a unit created, renamed, moved or ended.

Bumped on commit: a reader that starts before the commit reads the old data
under the old generation, one that starts after it reads the new data under
the new one. With several web processes the cache must be shared (REDIS_URL):
a local memory cache would invalidate only the process that saw the event.
"""

import time

from django.core.cache import cache
from django.db import transaction

GLOBAL = "dashboards:generation"


def _key(province_id: int | None) -> str:
    return GLOBAL if province_id is None else f"{GLOBAL}:{province_id}"


def _fresh() -> int:
    """Where a counter (re)starts: never a value it had before. A counter can be evicted (a full
    local-memory cache culls a third of its keys) while pages cached under 0, 1, 2… remain."""
    return time.time_ns() // 1000


def generation(province_id: int | None = None) -> str:
    """The global generation and the province's, as one key part ("3.17"); one cache round trip."""
    keys = [GLOBAL] if province_id is None else [GLOBAL, _key(province_id)]
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:  # evicted or never set: start it afresh
            cache.add(key, _fresh(), timeout=None)
            found[key] = cache.get(key, _fresh())
    return ".".join(str(found[k]) for k in keys)


def _bump(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted, or a fresh cache): start it afresh
        if not cache.add(key, _fresh(), timeout=None):
            cache.incr(key)


def bump(province_id: int | None = None) -> None:
    """Invalidate the cached overviews of a province (of every province: None) once the transaction commits."""
    key = _key(province_id)
    transaction.on_commit(lambda: _bump(key))


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


def on_rankings(sender=None, *, framework_ids, **kwargs) -> None:
    from par_index.models import Framework

    for province_id in set(Framework.objects.filter(pk__in=framework_ids).values_list("province_id", flat=True)):
        bump(province_id)


def on_recommendation(sender=None, *, instance, **kwargs) -> None:
    if instance.addressee_unit_id:
        bump(province_of_unit(instance.addressee_unit_id))
    else:
        bump(province_of_unit(instance.supervision.body.unit_id))


def on_catalogue(sender=None, **kwargs) -> None:
    """A body or a unit changed: any overview may show it."""
    bump(None)
