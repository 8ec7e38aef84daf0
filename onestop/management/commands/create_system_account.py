import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from onestop.accounts import system_account_create, system_token
from wards.selectors import unit_by_code


class Command(BaseCommand):
    help = (
        "Create (or extend) the account of a one-stop system, scoped to the given units, "
        "and print a new API token for it once."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="login name of the system account, e.g. motcua_backan")
        parser.add_argument("--name", required=True, help='the system\'s name, e.g. "Một cửa điện tử tỉnh Bắc Kạn"')
        parser.add_argument("--units", nargs="+", required=True, help="official codes of the units it serves")
        parser.add_argument("--on", help="YYYY-MM-DD: the day the codes are read on (codes were reused in 2025)")
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DAYS, help="token validity in days")
        parser.add_argument("--no-token", action="store_true", help="only create the account or add the units")

    def handle(self, *args, username, name, units, on, days, no_token, **options):
        try:
            day = datetime.date.fromisoformat(on) if on else None
        except ValueError as exc:
            raise CommandError(f"--on must be YYYY-MM-DD, not {on!r}") from exc
        try:
            found = [unit_by_code(code, day) for code in units]
        except Http404 as exc:
            raise CommandError(str(exc)) from exc
        account = system_account_create(username=username, name=name, units=found)
        self.stderr.write(
            f"{account.name}: {', '.join(f'{u.code} {u.name}' for u in account.units.order_by('code'))}\n"
        )
        if not no_token:
            self.stdout.write(f"{system_token(account=account, days=days)}\n")
            self.stderr.write(f"the token is valid {days} days; revoke it in the admin (Auth tokens)\n")
