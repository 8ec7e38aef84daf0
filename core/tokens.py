"""API tokens (django-rest-knox): stored as a hash, with an expiry, revocable one by one."""

import datetime

from django.conf import settings
from knox.models import AuthToken


def create_token(*, user, days: int | None = None) -> tuple[AuthToken, str]:
    """A new token of ``user`` valid ``days`` (API_TOKEN_DAYS by default); its text is returned once, never stored."""
    return AuthToken.objects.create(user=user, expiry=datetime.timedelta(days=days or settings.API_TOKEN_DAYS))
