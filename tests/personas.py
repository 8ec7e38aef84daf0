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
