"""The personas every URL is tried by, named once for the whole suite.

The demo's accounts: the clerks of Xuất Hóa (01855) and Sông Cầu (01837), the
supervision team and the admin of HĐND thành phố Bắc Kạn."""

from django.contrib.auth import get_user_model

ANON, XH, SC, SUP, ADM = "anonymous", "clerk_xuathoa", "clerk_songcau", "supervisor", "admin"
PERSONAS = (ANON, XH, SC, SUP, ADM)
USERNAMES = {ANON: None, XH: "canbo_xuathoa", SC: "canbo_songcau", SUP: "giamsat", ADM: "admin"}


def person(persona_or_username: str):
    """The user of a persona ("clerk_xuathoa") or of a username ("canbo_xuathoa")."""
    username = USERNAMES.get(persona_or_username, persona_or_username)
    return get_user_model().objects.get(username=username)


def admin():
    return person(ADM)


def matrix_cases(matrix: dict[str, dict[str, int]], default: int = 200) -> list[tuple[str, str, int]]:
    """(url, persona, expected status) for every URL of a matrix and every persona; a persona left out gets ``default``."""
    return [(url, persona, rules.get(persona, default)) for url, rules in matrix.items() for persona in PERSONAS]


def assert_get(client, url: str, persona: str, status: int) -> None:
    """The persona's GET answers ``status``; the anonymous visitor is sent to a login page."""
    response = client.get(url)
    assert response.status_code == status, f"{persona} GET {url}"
    if status == 302 and persona == ANON:
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
