"""A URL whose view fails, to see the 500 page (tests/hardening/test_deploy.py)."""

from django.urls import path

from oversight_portal.urls import handler400, handler403, handler404, handler500  # noqa: F401 - the same handlers


def broken(request):
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken)]
