"""Path converters for periods: a year or a quarter out of range is a 404
with a reason, not a 500 (``/reports/01855/99999999999999999999/1/`` used to
reach the database as an integer it cannot hold). Registered in CoreConfig.ready
as ``<year:…>`` and ``<quarter:…>``."""

from django.http import Http404
from django.utils.translation import gettext as _

FIRST_YEAR, LAST_YEAR = 2000, 2100


class YearConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        # Http404, not ValueError: a ValueError would make the resolver try the
        # next pattern and end in a 404 that no longer says why.
        if len(value) > 4 or not FIRST_YEAR <= int(value) <= LAST_YEAR:
            raise Http404(
                _("Năm “%(value)s” không hợp lệ: năm phải từ %(first)s đến %(last)s.")
                % {"value": value[:20], "first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))


class QuarterConverter:
    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        if value not in ("1", "2", "3", "4"):
            raise Http404(_("Quý “%(value)s” không hợp lệ: quý phải là 1, 2, 3 hoặc 4.") % {"value": value[:20]})
        return int(value)

    def to_url(self, value) -> str:
        return str(int(value))
