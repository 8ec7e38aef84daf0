"""Middleware every page goes through (listed in settings.MIDDLEWARE)."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.utils.translation import gettext as _

from core.errors import error_response

NUL = "\x00"


class RefuseNulMiddleware:
    """A NUL byte in the path or the query string is refused with 400 and a
    reason: PostgreSQL cannot store or compare it, so a filter such as
    ``?unit=%00`` would otherwise end in a 500. (Form fields and JSON bodies
    refuse it per field, naming the field.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path or any(NUL in k or NUL in v for k, vs in request.GET.lists() for v in vs):
            return error_response(request, 400, _("Địa chỉ hoặc tham số truy vấn chứa ký tự NUL, không được phép."))
        return self.get_response(request)


IDLE_KEY = "_last_seen"


class SessionIdleTimeoutMiddleware:
    """A signed-in session ends after SESSION_IDLE_MINUTES without a request.
    The time seen is written at most once a minute, so that browsing does not
    write the session on every page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if session is not None and request.user.is_authenticated and not request.path.startswith("/api/"):
            now = int(time.time())
            last = session.get(IDLE_KEY)
            idle = settings.SESSION_IDLE_MINUTES * 60
            if last is not None and now - last > idle:
                logout(request)
                messages.info(
                    request,
                    _("Phiên làm việc đã kết thúc sau %(n)s phút không thao tác; hãy đăng nhập lại.")
                    % {"n": settings.SESSION_IDLE_MINUTES},
                )
            elif last is None or now - last >= 60:
                session[IDLE_KEY] = now
        return self.get_response(request)
