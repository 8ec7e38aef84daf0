from pathlib import Path

from django.core.management.base import BaseCommand

from wards.choices import Level
from wards.models import AdministrativeUnit, UnitSuccession
from wards.services import DATA_DIR, import_units


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính trước và sau 01/07/2025 cùng quan hệ kế thừa (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir, **options):
        summary = import_units(data_dir=data_dir)
        counts = {lvl: AdministrativeUnit.objects.filter(level=lvl).count() for lvl in Level.values}
        self.stdout.write(
            f"created {summary.created}, updated {summary.updated} units; "
            f"successions created {summary.successions_created}, updated {summary.successions_updated}. "
            f"Now: {counts[Level.PROVINCE]} provinces, {counts[Level.DISTRICT]} districts, "
            f"{counts[Level.COMMUNE]} communes, {UnitSuccession.objects.count()} succession links."
        )
