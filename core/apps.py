from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app uses and none owns: uploads, dates, number formats,
    Vietnamese collation, admin mixins, template filters. It imports no app of
    the portal, so every app may import it."""

    name = "core"
    verbose_name = "Dùng chung"

    def ready(self):
        from django.urls import register_converter

        from core import checks  # noqa: F401 - registers the deployment checks
        from core.converters import QuarterConverter, YearConverter

        register_converter(YearConverter, "year")
        register_converter(QuarterConverter, "quarter")
