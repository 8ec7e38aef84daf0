from django.core.management.base import BaseCommand

from demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Nạp dữ liệu minh họa: tỉnh Bắc Kạn 2022–2024, số liệu thật của phường Xuất Hóa, tài khoản demo."

    def handle(self, *args, **options):
        summary = load_demo()
        self.stdout.write(
            f"Demo: {summary.reports_created} reports and {summary.values_created} values created"
            f"{'; accounts created: ' + ', '.join(summary.users_created) if summary.users_created else ''}."
        )
        self.stdout.write(f"Demo accounts (password '{DEMO_PASSWORD}'):")
        for username, full_name, _role, _target, title in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<15} {full_name} – {title}")
