"""The public pages' cache: one version number for everything published.

Every publication or withdrawal bumps the version after its transaction commits,
so every cached page and dataset is stale at once (their keys carry the version);
PUBLIC_CACHE_SECONDS bounds how long a change that is not a publication (a
recommendation's new status) waits to show.
"""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils.translation import get_language

from core import freshness

VERSION_KEY = "public:version"


def version() -> int:
    return freshness.counters([VERSION_KEY])[0]


def bump() -> None:
    freshness.advance(VERSION_KEY)


def bump_on_commit() -> None:
    transaction.on_commit(bump)


def cached(name: str, build, *parts, per_language: bool = True):
    """``build()`` once per version (and language), then from the cache."""
    key = ":".join(["public", str(version()), name, *(str(p) for p in parts), get_language() if per_language else ""])
    value = freshness.read(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=settings.PUBLIC_CACHE_SECONDS)
    return value
