"""python manage.py export_data values --scope 06 --year 2024 --format xlsx -o bac-kan-2024.xlsx"""

import datetime
import getpass

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from core.dates import parse_day, today
from exports.choices import Format
from exports.datasets import DATASETS, Request
from exports.services import export_to_file
from wards.selectors import unit_by_code


class Command(BaseCommand):
    help = (
        "Xuất dữ liệu đã duyệt (rankings: xếp hạng chỉ số CCHC; values: số liệu theo đơn vị và quý; "
        "recommendations: sổ theo dõi kiến nghị) ra XLSX hoặc CSV. Được ghi nhật ký như khi xuất trên cổng."
    )

    def add_arguments(self, parser):
        parser.add_argument("dataset", choices=[d.value for d in DATASETS])
        parser.add_argument("--format", choices=Format.values, default=Format.XLSX)
        scope = parser.add_mutually_exclusive_group(required=True)
        scope.add_argument("--scope", metavar="MÃ", help="mã đơn vị hành chính: tỉnh (06), huyện (058) hoặc xã (01855)")
        scope.add_argument("--country", action="store_true", help="cả nước")
        parser.add_argument("--on", metavar="DD/MM/YYYY", help="ngày để tìm đơn vị theo mã (mặc định: cuối năm xuất)")
        parser.add_argument("--year", type=int)
        parser.add_argument("--quarter", type=int, choices=[1, 2, 3, 4])
        parser.add_argument(
            "--user", metavar="TÀI_KHOẢN", help="xuất với quyền của tài khoản này (mặc định: toàn quyền quản trị)"
        )
        parser.add_argument("-o", "--output", required=True, metavar="TỆP")

    def handle(self, *args, **o):
        scope = None
        if o["scope"]:
            on = parse_day(o["on"]) if o["on"] else None
            if o["on"] and on is None:
                raise CommandError(f"--on: không đọc được ngày “{o['on']}” (dạng 24/04/2024).")
            if on is None:
                on = min(datetime.date(o["year"], 12, 31), today()) if o["year"] else today()
            try:
                scope = unit_by_code(o["scope"], on)
            except Http404 as error:
                raise CommandError(f"--scope: {error}") from error
        user = None
        if o["user"]:
            user = get_user_model().objects.filter(username=o["user"]).first()
            if user is None:
                raise CommandError(f"--user: không có tài khoản “{o['user']}”.")
        request = Request(o["dataset"], o["format"], scope, o["year"], o["quarter"])
        try:
            rows = export_to_file(
                request=request, path=o["output"], by=user, actor=user and "" or f"{getpass.getuser()} (lệnh)"
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"{request.label}: {rows} dòng → {o['output']}")
