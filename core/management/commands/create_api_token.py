from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from core.tokens import create_token


class Command(BaseCommand):
    help = "Create an API token for a user (for scripts); prints it once. Revoke it at /accounts/tokens/ or in admin."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS, help="validity in days")

    def handle(self, *args, username, days, **options):
        try:
            user = get_user_model().objects.get(username=username, is_active=True)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"no active user {username!r}") from exc
        token, text = create_token(user=user, days=days)
        self.stdout.write(f"{text}\n")
        self.stderr.write(f"expires {token.expiry:%Y-%m-%d %H:%M %Z}\n")
