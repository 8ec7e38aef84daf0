from pathlib import Path

from django.core.management.base import BaseCommand
from django.db.models import Count

from wards.models import BEFORE_REFORM_END, REFORM_DATE, AdministrativeUnit, UnitSuccession
from wards.services import DATA_DIR, import_units


class Command(BaseCommand):
    help = "Nạp danh mục đơn vị hành chính trước và sau 01/07/2025 cùng quan hệ kế thừa (chạy lại không thay đổi gì)."

    def add_arguments(self, parser):
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, data_dir, **options):
        summary = import_units(data_dir=data_dir)
        self.stdout.write(
            f"Units created: {summary.created}, updated: {summary.updated}; "
            f"succession links created: {summary.successions_created}, updated: {summary.successions_updated}."
        )
        for label, units in (
            ("valid until 30/06/2025", AdministrativeUnit.objects.filter(valid_to=BEFORE_REFORM_END)),
            ("valid from 01/07/2025", AdministrativeUnit.objects.filter(valid_from=REFORM_DATE)),
        ):
            counts = dict(units.values_list("level").annotate(n=Count("pk")))
            self.stdout.write(
                f"  {label}: {counts.get('province', 0)} provinces, {counts.get('district', 0)} districts, "
                f"{counts.get('commune', 0)} communes"
            )
        self.stdout.write(f"  succession links: {UnitSuccession.objects.count()}")
