from django.core.management.base import BaseCommand, CommandError

from par_index import recompute, yearly
from par_index.models import Framework


class Command(BaseCommand):
    help = "Recompute PAR index rankings now (all scope-years, or one province and/or year)."

    def add_arguments(self, parser):
        parser.add_argument("--province", help="province code, e.g. 06")
        parser.add_argument("--year", type=int, help="year, e.g. 2023")
        parser.add_argument(
            "--rebuild-inputs",
            action="store_true",
            help="first rebuild the yearly roll-up from every approved report (after data loaded "
            "without the approval signal: an import, a restore)",
        )

    def handle(self, *args, province=None, year=None, rebuild_inputs=False, **options):
        frameworks = Framework.objects.select_related("province").order_by("province__code", "year")
        if province:
            frameworks = frameworks.filter(province__code=province)
        if year:
            frameworks = frameworks.filter(year=year)
        frameworks = list(frameworks)
        if not frameworks:
            raise CommandError("No PAR framework matches --province/--year.")
        if rebuild_inputs:
            self.stdout.write(f"yearly roll-up rebuilt: {yearly.rebuild()} rows")
        for run in recompute.recompute_all(frameworks=frameworks):
            self.stdout.write(
                f"{run.framework.province.code} {run.framework.year}: {run.rows} units ranked in {run.duration_ms} ms"
            )
