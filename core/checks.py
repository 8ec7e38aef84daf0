"""Deployment checks of our own (``manage.py check --deploy``)."""

from django.conf import settings
from django.core.checks import Warning, register


@register(deploy=True)
def shared_cache(app_configs, **kwargs):
    """Cached pages, users' access and sessions are made stale through the cache
    (core.freshness): a local-memory cache would invalidate only the process that
    saw the change, so another web process would keep serving an old page, or a
    membership already removed, for minutes."""
    backend = settings.CACHES["default"]["BACKEND"]
    if backend.endswith("LocMemCache") or backend.endswith("DummyCache"):
        return [
            Warning(
                "Bộ nhớ đệm đang là bộ nhớ riêng của từng tiến trình: khi chạy nhiều tiến trình web, "
                "trang đã lưu và quyền truy cập của người dùng không được làm mới ở các tiến trình khác.",
                hint="Đặt REDIS_URL (ví dụ redis://127.0.0.1:6379/1) cho mọi tiến trình web.",
                id="portal.W001",
            )
        ]
    return []
