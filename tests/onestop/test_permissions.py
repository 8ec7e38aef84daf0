"""Every persona tries the one-stop writes; a refused write changes nothing."""

import pytest

from digital_metrics.models import QuarterlyReport
from onestop.models import Batch, Override
from tests.onestop.conftest import URL, old_commune, row
from tests.personas import ADM, ANON, PERSONAS, XH

pytestmark = pytest.mark.django_db

# The ward's clerk, and the system admin who may correct any ward's figures (audited); nobody else.
WRITERS = {XH, ADM}


@pytest.mark.parametrize("persona", PERSONAS)
def test_accept_by_every_persona(as_persona, persona):
    response = as_persona(persona).post("/onestop/01855/2024/2/accept/", {"version": 0, "code": ["dossiers_postal"]})
    created = QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()
    if persona == ANON:
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    elif persona in WRITERS:
        assert response.status_code == 302 and created
        return
    else:
        assert response.status_code in (403, 404)
    assert not created


@pytest.mark.parametrize("persona", PERSONAS)
def test_override_by_every_persona(as_persona, persona):
    response = as_persona(persona).post("/onestop/01855/2024/1/override/", {"code": "dossiers_online", "reason": "x"})
    if persona in WRITERS:
        assert response.status_code == 302 and Override.objects.count() == 1
        return
    assert response.status_code in (302, 403, 404) and not Override.objects.exists()
    if persona == ANON:
        assert response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_persons_account_sends_a_batch(as_persona, persona):
    response = as_persona(persona).post(URL, data={"batch_id": "p", "rows": [row()]}, content_type="application/json")
    assert response.status_code == (401 if persona == ANON else 403)
    assert not Batch.objects.filter(external_id="p").exists()
