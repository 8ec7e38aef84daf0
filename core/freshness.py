"""The generations of what the portal caches: counters in the cache, bumped by
every event that changes a cached page, so that a cached part's key — which
carries the generations it was computed at — becomes unreachable at once;
nobody has to know which keys to delete.

One counter per province: a report's status (submitted, approved, returned,
reopened), a ranking recomputed, marked stale, published or announced, a
recommendation created, changed or deleted bump the province they concern —
108 clerks of Bắc Kạn submitting at the deadline do not make Thanh Hóa's
overview be computed again. One global counter for what may concern any page:
a unit, a succession, a body or a membership changed (wards.apps connects them;
the users' access is cached under it too), a lock, a target, an indicator, a
supervision, the one-stop system's figures (dashboards.apps). The public pages
keep a counter of their own on the same functions (public.cache).

Bumped twice: when the event happens, and again when its transaction commits. A
reader that starts before the commit reads the old data; whatever it caches is
made unreachable by the second bump, so a reader after the commit never gets
it. (The first bump is for the writer's own connection: it reads its change
before the commit, as a test does.) With several web processes the cache must
be shared (REDIS_URL): a local memory cache would invalidate only the process
that saw the event.
"""

import hashlib
import pickle
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language

GLOBAL = "dashboards:generation"
CACHE_SECONDS = 600  # a backstop: a generation makes a changed part unreachable at once

T = TypeVar("T")


def _key(province_id: int | None) -> str:
    return GLOBAL if province_id is None else f"{GLOBAL}:{province_id}"


def _fresh() -> int:
    """Where a counter (re)starts: never a value it had before. A counter can be evicted (a full
    local-memory cache culls a third of its keys) while pages cached under 0, 1, 2… remain."""
    return time.time_ns() // 1000


def counters(keys: list[str]) -> list[int]:
    """The values of counters (kept without expiry), each started afresh where missing; one round trip."""
    found = cache.get_many(keys)
    for key in keys:
        if key not in found:  # evicted or never set: start it afresh
            cache.add(key, _fresh(), timeout=None)
            found[key] = cache.get(key, _fresh())
    return [found[k] for k in keys]


def advance(key: str) -> None:
    """Move a counter on: every key made with its old value becomes unreachable."""
    try:
        cache.incr(key)
    except ValueError:  # not there (evicted, or a fresh cache): start it afresh
        if not cache.add(key, _fresh(), timeout=None):
            cache.incr(key)


def generations(*province_ids: int | None) -> str:
    """The global generation and each province's, as one key part ("3.17.9"); one cache round trip."""
    keys = [GLOBAL, *dict.fromkeys(_key(p) for p in province_ids if p is not None)]
    return ".".join(map(str, counters(keys)))


def generation(province_id: int | None = None) -> str:
    """The global generation and the province's ("3.17")."""
    return generations(province_id)


def bump(province_id: int | None = None) -> None:
    """Make the cached parts of a province (of every province: None) stale, now and once the transaction commits."""
    key = _key(province_id)
    advance(key)
    transaction.on_commit(lambda: advance(key))


UNREADABLE = (AttributeError, ImportError, pickle.UnpicklingError)


def read(key: str):
    """What the cache holds under ``key``, or None: also None for a value cached by
    another release of the code whose classes moved or changed (the shared cache
    outlives a deploy), which its reader then computes again and replaces."""
    try:
        return cache.get(key)
    except UNREADABLE:
        return None


def read_many(keys: list[str]) -> dict:
    """``cache.get_many``, empty when a value was cached by another release (see read)."""
    try:
        return cache.get_many(keys)
    except UNREADABLE:
        return {}


def cached(name: str, *, provinces: Iterable[int | None], parts: Iterable[object], compute: Callable[[], T]) -> T:
    """``compute()``, or what it gave under the same name, parts, language, day and
    generations of ``provinces`` (read first: a newer generation never serves what
    was computed before it). ``parts`` must hold everything the result depends on
    besides the data those generations cover: the reader's access, what it reads of the
    query string (parsed: a key part per value a page can show, not per string typed)."""
    stamp = generations(*provinces)
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]
    key = f"page:{name}:{stamp}:{get_language()}:{timezone.localdate().isoformat()}:{digest}"
    value = read(key)
    if value is None:
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value
