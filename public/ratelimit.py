"""Requests per minute per address on the public pages and open data, counted
in the cache (shared by every worker when the cache is Redis); 429 above, with
a Vietnamese page and Retry-After. The address is REMOTE_ADDR, or the client's
in X-Forwarded-For behind TRUSTED_PROXY_COUNT proxies (as the login lockout reads it)."""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render


def client_ip(request) -> str:
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def over_limit(request) -> int:
    """0 if the request may go on, else the seconds until the window ends."""
    limit = settings.PUBLIC_RATE_PER_MINUTE
    if limit <= 0:
        return 0
    now = time.time()
    window = int(now // 60)
    key = f"public:rate:{client_ip(request)}:{window}"
    cache.add(key, 0, timeout=61)
    try:
        count = cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.set(key, 1, timeout=61)
        count = 1
    return 0 if count <= limit else max(1, int((window + 1) * 60 - now))


def too_many(request, retry_after: int):
    response = render(request, "429.html", {"retry_after": retry_after}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(view):
    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        retry_after = over_limit(request)
        if retry_after:
            return too_many(request, retry_after)
        return view(request, *args, **kwargs)

    return wrapped
