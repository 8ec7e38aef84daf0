"""What every API view shares (named in settings.REST_FRAMEWORK): bodies read
within a budget, a capped ``?limit=``, throttles, and errors in Vietnamese.

- A JSON body above API_MAX_JSON_BYTES is refused with 413 before it is read
  further; one nested deeper than API_MAX_JSON_DEPTH, or with a NUL byte in a
  key or a text, with 400 naming where (DRF streams the body past Django's
  DATA_UPLOAD_MAX_MEMORY_SIZE, and ``json`` raises RecursionError on deep
  nesting: both used to end in a 500 or a stored 11-million-character note).
- DRF's messages are English with only 21 of them translated to Vietnamese by
  DRF itself; locale/vi holds the rest, and ``exception_handler`` replaces
  Django's English ``get_object_or_404`` sentence.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, parsers, status, throttling
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.utils import json

NUL = "\x00"


class RequestTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Nội dung gửi lên quá lớn.")
    default_code = "too_large"


def too_large(limit: int) -> RequestTooLarge:
    return RequestTooLarge(
        _("Nội dung gửi lên quá lớn (tối đa %(kb)s KB); hãy gửi ít hơn hoặc chia thành nhiều lần.")
        % {"kb": f"{limit // 1024:,}".replace(",", ".")}
    )


def _declared_length(parser_context) -> int:
    request = (parser_context or {}).get("request")
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) if request is not None else 0
    except ValueError:
        return 0


def _read(stream, limit: int, parser_context) -> bytes:
    """At most ``limit`` bytes of the body, or RequestTooLarge (the declared
    length is checked first, so a 60 MB body is refused unread)."""
    if _declared_length(parser_context) > limit:
        raise too_large(limit)
    data = stream.read(limit + 1) if stream is not None else b""
    if len(data) > limit:
        raise too_large(limit)
    return data


def check_document(data, *, max_depth: int) -> None:
    """Walk a parsed JSON document without recursion: a ParseError naming the
    place of the first NUL byte, or of nesting deeper than ``max_depth``."""
    stack = [(data, 0, "")]
    while stack:
        value, depth, where = stack.pop()
        if depth > max_depth:
            raise exceptions.ParseError(
                _("JSON lồng quá sâu tại “%(where)s” (tối đa %(n)s cấp).") % {"where": where or "/", "n": max_depth}
            )
        if isinstance(value, str):
            if NUL in value:
                raise exceptions.ParseError(
                    {where or "detail": [_("Chứa ký tự NUL (\\u0000), không được phép.")]}, code="null_characters"
                )
        elif isinstance(value, dict):
            for key, item in value.items():
                path = f"{where}.{key}" if where else str(key)
                if NUL in key:
                    raise exceptions.ParseError(_("Tên trường chứa ký tự NUL (\\u0000), không được phép."))
                stack.append((item, depth + 1, path))
        elif isinstance(value, list):
            stack.extend((item, depth + 1, f"{where}[{i}]") for i, item in enumerate(value))


class JSONParser(parsers.JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = _read(stream, settings.API_MAX_JSON_BYTES, parser_context)
        encoding = (parser_context or {}).get("encoding", settings.DEFAULT_CHARSET)
        try:
            data = json.loads(raw.decode(encoding))
        except RecursionError as exc:
            raise exceptions.ParseError(
                _("JSON lồng quá sâu (tối đa %(n)s cấp).") % {"n": settings.API_MAX_JSON_DEPTH}
            ) from exc
        except (ValueError, UnicodeDecodeError) as exc:
            raise exceptions.ParseError(_("JSON không hợp lệ: %(why)s") % {"why": exc}) from exc
        check_document(data, max_depth=settings.API_MAX_JSON_DEPTH)
        return data


class FormParser(parsers.FormParser):
    def parse(self, stream, media_type=None, parser_context=None):
        raw = _read(stream, settings.DATA_UPLOAD_MAX_MEMORY_SIZE, parser_context)
        return super().parse(_Bytes(raw), media_type, parser_context)


class MultiPartParser(parsers.MultiPartParser):
    """Files are checked one by one by core.uploads; the whole body is bounded
    by the largest number of files a form takes, each at the largest size."""

    def parse(self, stream, media_type=None, parser_context=None):
        from core.uploads import MAX_FILES

        limit = settings.MAX_UPLOAD_BYTES * MAX_FILES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if _declared_length(parser_context) > limit:
            raise too_large(limit)
        return super().parse(stream, media_type, parser_context)


class _Bytes:
    def __init__(self, data: bytes):
        self.data = data

    def read(self, *args):
        return self.data


class CappedLimitOffsetPagination(LimitOffsetPagination):
    """``?limit=`` above API_MAX_LIMIT answers API_MAX_LIMIT rows (the README says so)."""

    @property
    def max_limit(self):
        return settings.API_MAX_LIMIT


class _SettingsRate:
    """Rates read from settings at request time (DRF binds them at import)."""

    def get_rate(self):
        return settings.API_THROTTLE_RATES[self.scope]


class AnonThrottle(_SettingsRate, throttling.AnonRateThrottle):
    pass


class UserThrottle(_SettingsRate, throttling.UserRateThrottle):
    pass


def exception_handler(exc, context):
    """DRF's handler, with Django's English 404 sentence replaced and an oversized form body as 413."""
    if isinstance(exc, RequestDataTooBig):
        exc = too_large(settings.DATA_UPLOAD_MAX_MEMORY_SIZE)
    if isinstance(exc, Http404):
        message = exc.args[0] if exc.args and isinstance(exc.args[0], str) else ""
        if not message or message.endswith("matches the given query."):
            exc = exceptions.NotFound(_("Không tìm thấy."))
    # Imported here: settings name this module's classes as DRF's defaults, and
    # rest_framework.views reads those defaults as it is imported (a cycle
    # whenever DRF's own checks import it first).
    from rest_framework.views import exception_handler as drf_exception_handler  # noqa: PLC0415

    return drf_exception_handler(exc, context)
