"""The public pages' cache: one version number for everything published.

Every publication or withdrawal bumps the version after its transaction commits,
so every cached page and dataset is stale at once (their keys carry the version);
PUBLIC_CACHE_SECONDS bounds how long a change that is not a publication (a
recommendation's new status) waits to show.
"""

import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

VERSION_KEY = "public:version"


def _fresh() -> int:
    """A starting version no earlier one can equal: the version key can be evicted (a full
    local-memory cache culls a third of its keys) while pages cached under 1, 2… remain."""
    return time.time_ns() // 1000


def version() -> int:
    value = cache.get(VERSION_KEY)
    if value is None:
        cache.add(VERSION_KEY, _fresh(), timeout=None)
        value = cache.get(VERSION_KEY) or _fresh()
    return value


def bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not there (evicted, first run): a fresh value makes old keys unreachable
        cache.set(VERSION_KEY, _fresh(), timeout=None)


def bump_on_commit() -> None:
    transaction.on_commit(bump)


def cached(name: str, build, *parts, per_language: bool = True):
    """``build()`` once per version (and language), then from the cache."""
    key = ":".join(["public", str(version()), name, *(str(p) for p in parts), get_language() if per_language else ""])
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.PUBLIC_CACHE_SECONDS)
    return value
