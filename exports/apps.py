from django.apps import AppConfig


class ExportsConfig(AppConfig):
    """The council's data as XLSX and CSV: rankings, approved values, the
    recommendations register. Small exports download at once, large ones run
    as background jobs (jobs app); every export is logged."""

    name = "exports"
    verbose_name = "Xuất dữ liệu"
