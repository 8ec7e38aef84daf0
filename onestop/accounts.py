"""System accounts: a user that is a system, scoped to the units it serves."""

from django.contrib.auth import get_user_model
from django.db import transaction

from core.tokens import create_token
from onestop.models import SystemAccount


@transaction.atomic
def system_account_create(*, username: str, name: str, units, illustrative: bool = False) -> SystemAccount:
    """The account of ``username`` (created without a password: it signs in with
    tokens only, and holds no membership, so it can do nothing else in the
    portal), serving ``units`` in addition to those it served already."""
    user, created = get_user_model().objects.get_or_create(username=username, defaults={"first_name": name[:150]})
    if created:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    account, _ = SystemAccount.objects.get_or_create(user=user, defaults={"name": name, "illustrative": illustrative})
    account.units.add(*units)
    return account


def system_token(*, account: SystemAccount, days: int | None = None) -> str:
    """A new API token of the account; its text is returned once (only its hash is stored)."""
    _token, text = create_token(user=account.user, days=days)
    return text
