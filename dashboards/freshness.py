"""The generation of what the dashboards cache: one counter in the cache,
bumped (after commit) by every event that changes an overview — a report's
status (submitted, approved, returned, reopened), a ranking recomputed,
published or announced, a recommendation created, changed or deleted.

A cached overview's key carries the generation it was computed at, so a bump
makes every cached overview unreachable at once (they expire on their own);
nobody has to know which keys to delete. Bumped on commit: a reader that
starts before the commit reads the old data under the old generation, one
that starts after it reads the new data under the new one.

With several web processes the cache must be shared (REDIS_URL): a local
memory cache would invalidate only the process that saw the event.
"""

from django.core.cache import cache
from django.db import transaction

KEY = "dashboards:generation"


def generation() -> int:
    value = cache.get(KEY)
    if value is None:
        cache.add(KEY, 1, timeout=None)
        value = cache.get(KEY) or 1
    return int(value)


def _bump() -> None:
    try:
        cache.incr(KEY)
    except ValueError:  # not there (evicted, or a fresh cache): any new value makes the old keys unreachable
        cache.set(KEY, generation() + 1, timeout=None)


def bump() -> None:
    """Invalidate every cached overview once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def on_event(sender=None, **kwargs) -> None:
    """A receiver for any signal that changes what an overview shows."""
    bump()
