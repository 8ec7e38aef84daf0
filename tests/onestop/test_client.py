"""The example client (tools/onestop_client.py, standard library only) against the API."""

import importlib.util
import io
import json
import urllib.error
from pathlib import Path

import pytest

from onestop.models import DossierCount

pytestmark = pytest.mark.django_db

spec = importlib.util.spec_from_file_location(
    "onestop_client", Path(__file__).resolve().parents[2] / "tools" / "onestop_client.py"
)
client_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(client_module)

CSV = """unit,procedure,channel,period,received,resolved_on_time,resolved_late,paid_online
01855,HT-01,online_full,2024-08-05,12,10,1,4
01855,HT-07,desk,2024-08,40,,,
"""


class Answer(io.BytesIO):
    def __init__(self, status, body):
        super().__init__(body)
        self.status = status


def django_opener(system):
    """urllib's urlopen, answered by the test client with the request's headers."""

    def opener(request, timeout=None):
        response = system.client.post(
            request.full_url.replace("http://portal", ""),
            data=request.data,
            content_type=request.get_header("Content-type"),
            HTTP_AUTHORIZATION=request.get_header("Authorization"),
        )
        if response.status_code >= 400:
            raise urllib.error.HTTPError(request.full_url, response.status_code, "", {}, io.BytesIO(response.content))
        return Answer(response.status_code, response.content)

    return opener


def test_the_client_sends_a_csv_once_and_reports_bad_rows(system, tmp_path):
    path = tmp_path / "counts.csv"
    path.write_text(CSV, encoding="utf-8")
    rows, named = client_module.read_rows(str(path))
    assert named is None and rows[1] == {
        "unit": "01855", "procedure": "HT-07", "channel": "desk", "period": "2024-08", "received": 40
    }  # fmt: skip
    [body] = client_module.batches(rows, client_module.content_id(rows), chunk=2000)
    opener = django_opener(system)
    assert client_module.send("http://portal", system.token, body, opener=opener)[0] == 201
    status, answer = client_module.send("http://portal", system.token, body, opener=opener)
    assert status == 200 and answer["replayed"] is True
    assert DossierCount.objects.filter(account=system.account).count() == 2
    bad = {"batch_id": "bad", "rows": [{**rows[0], "paid_online": 20}]}
    status, answer = client_module.send("http://portal", system.token, bad, opener=opener)
    assert status == 400 and answer["rows"][0]["field"] == "paid_online"


def test_a_large_file_goes_as_several_batches():
    rows = [{"unit": "01855", "procedure": f"P{i}"} for i in range(5)]
    bodies = client_module.batches(rows, "x", chunk=2)
    assert [b["batch_id"] for b in bodies] == ["x-1", "x-2", "x-3"] and sum(len(b["rows"]) for b in bodies) == 5
    assert json.loads(json.dumps(bodies))  # plain JSON


def test_the_command_creates_a_scoped_account_and_prints_its_token_once(capsys):
    from django.core.management import call_command
    from django.test import Client

    call_command(
        "create_system_account", "motcua_bk", "--name", "Một cửa Bắc Kạn", "--units", "01837", "--on", "2024-04-24"
    )
    token = capsys.readouterr().out.strip()
    body = {"batch_id": "b1", "rows": [{"unit": "01855", "procedure": "HT-01", "channel": "desk", "period": "2024-08"}]}
    response = Client().post(
        "/api/v1/onestop/batches/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 403 and "01855 (Phường Xuất Hóa)" in response.json()["detail"]
    body["rows"][0]["unit"] = "01837"
    response = Client().post(
        "/api/v1/onestop/batches/", data=body, content_type="application/json", HTTP_AUTHORIZATION=f"Token {token}"
    )
    assert response.status_code == 201
    # A system account has no password: it cannot sign in to the pages.
    from django.contrib.auth import get_user_model

    assert not get_user_model().objects.get(username="motcua_bk").has_usable_password()


def test_the_format_is_documented_in_a_valid_openapi_schema(tmp_path):
    """`manage.py spectacular --validate --fail-on-warn` stays clean, with the batch format and its examples."""
    import yaml
    from django.core.management import call_command

    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    schema = yaml.safe_load(path.read_text())
    post = schema["paths"]["/api/v1/onestop/batches/"]["post"]
    assert set(post["responses"]) >= {"200", "201", "400", "403", "409", "413"}
    assert list(post["requestBody"]["content"]) == ["application/json"]
    assert "ADayAndAMonth" in post["requestBody"]["content"]["application/json"]["examples"]
    row = schema["components"]["schemas"]["BatchRowRequest"]
    assert {"unit", "procedure", "channel", "period"} <= set(row["required"])
