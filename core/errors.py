"""The error pages: 400, 403, 404 and 500 in Vietnamese (English second), with
the reason a view gave (``PermissionDenied(_("…"))``, ``Http404(_("…"))``),
as JSON for the API. Wired in oversight_portal/urls.py (handler400 …).

The 500 page is a template of its own that reads nothing from the database:
the database may be what failed.
"""

from django.http import JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

API_PREFIX = "/api/"


def reason_of(exception) -> str:
    """The sentence a view raised with; Django's own English defaults are not shown."""
    if exception is None or not exception.args:
        return ""
    message = exception.args[0]
    if not isinstance(message, str):  # Resolver404 carries a dict of the patterns tried
        return ""
    if message.startswith("No ") and message.endswith("matches the given query."):  # get_object_or_404
        return ""
    return message


def wants_json(request) -> bool:
    return request.path.startswith(API_PREFIX)


def error_response(request, status: int, reason: str = "", *, title: str = ""):
    """The error as the client reads it: JSON ``{"detail": …}`` under /api/, else the styled page."""
    title = title or TITLES[status]()
    if wants_json(request):
        return JsonResponse({"detail": reason or title}, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, f"{status}.html", {"reason": reason, "title": title}, status=status)


TITLES = {
    400: lambda: _("Yêu cầu không hợp lệ"),
    403: lambda: _("Không có quyền truy cập"),
    404: lambda: _("Không tìm thấy trang"),
    413: lambda: _("Nội dung gửi lên quá lớn"),
    500: lambda: _("Lỗi máy chủ"),
}


@requires_csrf_token
def bad_request(request, exception=None):
    reason = ""
    if exception is not None and type(exception).__name__ == "RequestDataTooBig":
        reason = _("Nội dung gửi lên quá lớn; hãy gửi ít hơn hoặc chia thành nhiều lần.")
    return error_response(request, 400, reason)


@requires_csrf_token
def permission_denied(request, exception=None):
    return error_response(request, 403, reason_of(exception))


@requires_csrf_token
def page_not_found(request, exception=None):
    return error_response(request, 404, reason_of(exception))


@requires_csrf_token
def server_error(request):
    """No request context processors (they read the database), no layout that needs them."""
    if wants_json(request):
        return JsonResponse({"detail": _("Lỗi máy chủ; quản trị đã được báo. Hãy thử lại sau.")}, status=500)
    from django.http import HttpResponseServerError

    return HttpResponseServerError(loader.get_template("500.html").render({"request_path": request.path}))
