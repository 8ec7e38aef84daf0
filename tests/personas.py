"""The personas every URL is tried by, named once for the whole suite.

The demo's accounts — the clerks of Xuất Hóa (01855) and Sông Cầu (01837), the
reviewer of UBND thành phố Bắc Kạn, the appraiser of Sở Nội vụ tỉnh Bắc Kạn,
the supervision team of HĐND thành phố Bắc Kạn, the system admin — and two
made for the tests (conftest.py): the admin of another body (HĐND phường Bắc
Kạn, after the 2025 reform: none of the demo's old wards is under it) and a
user with no role at all."""

from django.contrib.auth import get_user_model

ANON, NOROLE = "anonymous", "no_role"
XH, SC = "clerk_xuathoa", "clerk_songcau"
REV, APR, SUP = "reviewer", "appraiser", "supervisor"
OTHER_ADM, ADM = "admin_other_body", "admin"
PERSONAS = (ANON, NOROLE, XH, SC, REV, APR, SUP, OTHER_ADM, ADM)
SIGNED_IN = tuple(p for p in PERSONAS if p != ANON)
USERNAMES = {
    ANON: None,
    NOROLE: "khong_vai_tro",
    XH: "canbo_xuathoa",
    SC: "canbo_songcau",
    REV: "noivu_thanhpho",
    APR: "thamdinh_snv",
    SUP: "giamsat",
    OTHER_ADM: "quantri_khac",
    ADM: "admin",
}


def person(persona_or_username: str):
    """The user of a persona ("clerk_xuathoa") or of a username ("canbo_xuathoa")."""
    username = USERNAMES.get(persona_or_username, persona_or_username)
    return get_user_model().objects.get(username=username)


def admin():
    return person(ADM)


def make_test_personas() -> None:
    """The two personas the demo does not have (run once per test session)."""
    from wards.choices import Role
    from wards.models import Membership, SupervisingBody

    User = get_user_model()
    User.objects.get_or_create(username=USERNAMES[NOROLE], defaults={"first_name": "Người dùng chưa phân công"})
    other, _ = User.objects.get_or_create(username=USERNAMES[OTHER_ADM], defaults={"first_name": "Quản trị phường"})
    body = SupervisingBody.objects.get(name="HĐND phường Bắc Kạn")
    Membership.objects.get_or_create(user=other, role=Role.ADMIN, body=body)


def only(*allowed: str, others: int = 403, allowed_status: int = 200, anon: int = 302) -> dict[str, int]:
    """{persona: status}: ``allowed_status`` for the personas named, ``others`` for the rest signed in."""
    return {p: (anon if p == ANON else allowed_status if p in allowed else others) for p in PERSONAS}


def matrix_cases(matrix: dict[str, dict[str, int]], default: int = 200) -> list[tuple[str, str, int]]:
    """(url, persona, expected status) for every URL of a matrix and every persona; a persona left out gets ``default``."""
    return [(url, persona, rules.get(persona, default)) for url, rules in matrix.items() for persona in PERSONAS]


def assert_get(client, url: str, persona: str, status: int, *, login_page: bool = True) -> None:
    """The persona's GET answers ``status``; a redirected anonymous visitor is sent to a login page."""
    response = client.get(url)
    assert response.status_code == status, f"{persona} GET {url}"
    if status == 302 and persona == ANON and login_page:
        assert response["Location"].startswith(("/accounts/login/", "/admin/login/"))
