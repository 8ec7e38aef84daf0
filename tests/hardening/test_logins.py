"""Logins resist guessing (django-axes: 5 failures per username and IP lock
for 15 minutes, the admin login too), every user changes their password or
resets it by e-mail, API tokens expire and can be revoked, the API throttles."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone
from knox.models import AuthToken

from core.tokens import create_token

pytestmark = pytest.mark.django_db
PASSWORD = "demo"  # the demo accounts' password


def attempt(client, password, username="giamsat", url="/accounts/login/", ip="10.0.0.1"):
    return client.post(url, {"username": username, "password": password}, REMOTE_ADDR=ip)


@pytest.mark.parametrize("url", ["/accounts/login/", "/admin/login/"])
def test_five_wrong_passwords_lock_the_username_from_that_address(url):
    username = "admin" if url.startswith("/admin") else "giamsat"
    client = Client()
    for _ in range(4):
        assert attempt(client, "sai", username, url).status_code == 200  # the form again, with its error
    locked = attempt(client, "sai", username, url)
    assert locked.status_code == 429 and "tạm khóa đăng nhập trong 15 phút" in locked.content.decode()
    # The right password no longer opens it, from that address.
    right = attempt(client, PASSWORD, username, url)
    assert right.status_code == 429 and "_auth_user_id" not in client.session
    # Another address is not locked out of the same account; the same address still is for 15 minutes.
    assert attempt(Client(), PASSWORD, username, url, ip="10.0.0.2").status_code == 302


def test_the_lock_ends_after_15_minutes(settings):
    client = Client()
    for _ in range(5):
        attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 429
    from axes.models import AccessAttempt

    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    assert attempt(client, PASSWORD).status_code == 302


def test_a_success_before_the_fifth_failure_resets_the_count():
    client = Client()
    for _ in range(4):
        attempt(client, "sai")
    assert attempt(client, PASSWORD).status_code == 302
    other = Client()
    for _ in range(4):
        attempt(other, "sai")
    assert attempt(other, PASSWORD).status_code == 302


def test_every_user_changes_their_password(as_persona, user):
    client = as_persona("clerk_xuathoa")
    page = client.get("/accounts/password/")
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
    wrong = client.post("/accounts/password/", {"old_password": "sai", "new_password1": "x", "new_password2": "x"})
    assert wrong.status_code == 200 and wrong.context["form"].errors
    done = client.post(
        "/accounts/password/",
        {"old_password": PASSWORD, "new_password1": "Mot-cua-2024!", "new_password2": "Mot-cua-2024!"},
    )
    assert done.status_code == 302 and done["Location"] == "/accounts/password/done/"
    assert user("canbo_xuathoa").check_password("Mot-cua-2024!")
    assert "Đã đổi mật khẩu" in client.get(done["Location"]).content.decode()
    assert as_persona("anonymous").get("/accounts/password/").status_code == 302


def test_a_forgotten_password_is_reset_by_e_mail(user):
    clerk = user("canbo_songcau")
    clerk.email = "canbo.songcau@example.gov.vn"
    clerk.save(update_fields=["email"])
    client = Client()
    assert "Quên mật khẩu?" in client.get("/accounts/login/").content.decode()
    sent = client.post("/accounts/password/reset/", {"email": clerk.email})
    assert sent.status_code == 302 and len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [clerk.email] and "Đặt lại mật khẩu" in message.subject
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", message.body).group(1)
    form = client.get(link, follow=True)
    assert form.status_code == 200 and "Đặt mật khẩu mới" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0], {"new_password1": "Moi-2024-an-toan", "new_password2": "Moi-2024-an-toan"}
    )
    assert done.status_code == 302
    assert get_user_model().objects.get(pk=clerk.pk).check_password("Moi-2024-an-toan")
    assert "không còn hiệu lực" in client.get(link, follow=True).content.decode()  # used once


def test_api_tokens_expire_and_can_be_revoked(as_persona, user):
    client = as_persona("supervisor")
    page = client.post("/accounts/tokens/", {"action": "create"})
    text = re.search(r'class="new-token[^"]*">([^<]+)<', page.content.decode()).group(1)
    token = AuthToken.objects.get(user=user("giamsat"))
    assert token.expiry > timezone.now() + datetime.timedelta(days=89)
    assert text not in (token.digest, token.token_key)  # only a hash is stored

    api = Client()
    assert api.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {text}").status_code == 200
    AuthToken.objects.filter(pk=token.pk).update(expiry=timezone.now() - datetime.timedelta(seconds=1))
    expired = api.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {text}")
    assert expired.status_code == 401 and "hết hạn" in expired.json()["detail"]

    _token, text = create_token(user=user("giamsat"))
    assert api.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {text}").status_code == 200
    listed = client.get("/accounts/tokens/").content.decode()
    key = AuthToken.objects.get(user=user("giamsat")).token_key
    assert key[:8] in listed and text not in listed
    client.post("/accounts/tokens/", {"action": "revoke", "token_key": key})
    assert api.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {text}").status_code == 401
    # Someone else's token cannot be revoked from one's own page.
    _other, other_text = create_token(user=user("canbo_xuathoa"))
    other_key = AuthToken.objects.get(user=user("canbo_xuathoa")).token_key
    client.post("/accounts/tokens/", {"action": "revoke", "token_key": other_key})
    assert api.get("/api/v1/indicators/", HTTP_AUTHORIZATION=f"Token {other_text}").status_code == 200


def test_a_script_gets_a_token_from_the_command(capsys, user):
    call_command("create_api_token", "canbo_xuathoa", "--days", "7")
    text = capsys.readouterr().out.strip()
    response = Client().get("/api/v1/reports/?year=2024", HTTP_AUTHORIZATION=f"Token {text}")
    assert response.status_code == 200
    assert AuthToken.objects.get(user=user("canbo_xuathoa")).expiry < timezone.now() + datetime.timedelta(days=8)


def test_the_api_throttles_with_a_vietnamese_429(as_persona, settings):
    from django.core.cache import cache

    cache.clear()
    settings.API_THROTTLE_RATES = {"user": "3/min", "anon": "2/min"}
    client = as_persona("supervisor")
    statuses = [client.get("/api/v1/indicators/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    response = client.get("/api/v1/indicators/")
    assert "Quá nhiều yêu cầu" in response.json()["detail"] and "giây" in response.json()["detail"]
    assert int(response["Retry-After"]) > 0
    cache.clear()


def test_api_errors_are_in_vietnamese(as_persona, db):
    anonymous = Client().get("/api/v1/indicators/")
    assert anonymous.status_code == 401 and "Chưa đăng nhập" in anonymous.json()["detail"]
    response = as_persona("clerk_songcau").put("/api/v1/reports/01837/2024/2/", {}, content_type="application/json")
    assert response.status_code == 400 and response.json()["version"] == ["Trường này là bắt buộc."]
    wrong = as_persona("clerk_songcau").post("/api/v1/indicators/", {}, content_type="application/json")
    assert wrong.status_code == 405 and "không được phép" in wrong.json()["detail"]
    missing = as_persona("supervisor").get("/api/v1/recommendations/999999/")
    assert missing.status_code == 404 and missing.json()["detail"] == "Không tìm thấy."
