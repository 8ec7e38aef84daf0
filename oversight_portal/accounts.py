"""A user's own API tokens (django-rest-knox): create one (its text is shown
once, only its hash is stored), see when each expires, revoke any. Scripts
send ``Authorization: Token <text>``; an expired or revoked token gets 401."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from knox.models import AuthToken

from core.tokens import create_token

MAX_TOKENS_PER_USER = 10


@login_required
def api_tokens(request):
    tokens = AuthToken.objects.filter(user=request.user).order_by("-created")
    new_token = ""
    if request.method == "POST":
        if request.POST.get("action") == "revoke":
            deleted, _rows = tokens.filter(token_key=request.POST.get("token_key", "")).delete()
            if deleted:
                messages.success(
                    request, _("Đã thu hồi mã truy cập; các chương trình dùng mã này không truy cập được nữa.")
                )
            return redirect("api_tokens")
        if tokens.count() >= MAX_TOKENS_PER_USER:
            messages.error(
                request,
                _("Mỗi tài khoản có tối đa %(n)s mã truy cập; hãy thu hồi mã không dùng.") % {"n": MAX_TOKENS_PER_USER},
            )
            return redirect("api_tokens")
        _token, new_token = create_token(user=request.user)
    context = {"tokens": tokens, "new_token": new_token, "days": settings.API_TOKEN_DAYS}
    return render(request, "registration/api_tokens.html", context)
