"""Fixtures of the one-stop system's tests: the demo's system account (serving
phường Xuất Hóa, illustrative) and a real-looking one made here, each with a
token, and a client that sends batches with it."""

import json

import pytest
from django.test import Client

from onestop.accounts import system_account_create, system_token
from onestop.models import SystemAccount
from wards.models import BEFORE_REFORM_END, AdministrativeUnit

URL = "/api/v1/onestop/batches/"


def old_commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level="commune", code=code, valid_to=BEFORE_REFORM_END)


class Sender:
    """Posts batches as a system account, by its token (as tools/onestop_client.py does)."""

    def __init__(self, account: SystemAccount):
        self.account = account
        self.token = system_token(account=account)
        self.client = Client()

    def send(self, body, **extra):
        data = body if isinstance(body, (str, bytes)) else json.dumps(body)
        return self.client.post(
            URL, data=data, content_type="application/json", HTTP_AUTHORIZATION=f"Token {self.token}", **extra
        )


@pytest.fixture
def system(db):
    """A system account serving Xuất Hóa (not illustrative), with a token."""
    account = system_account_create(
        username="motcua_test", name="Một cửa điện tử (kiểm thử)", units=[old_commune("01855")]
    )
    return Sender(account)


def row(**kw) -> dict:
    base = {"unit": "01855", "procedure": "HT-01", "channel": "online_full", "period": "2024-08-06", "received": 10}
    base.update(kw)
    return base
