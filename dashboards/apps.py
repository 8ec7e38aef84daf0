from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Bảng theo dõi")

    def ready(self):
        # The overview is cached (dashboards.overview); the events of the apps
        # below that change it bump the cache's generation (dashboards.freshness).
        from django.db.models.signals import post_delete, post_save

        from dashboards.freshness import on_event
        from digital_metrics.reports.signals import report_status_changed
        from par_index.signals import rankings_changed
        from supervision.models import Recommendation
        from wards.models import AdministrativeUnit, SupervisingBody

        report_status_changed.connect(on_event, dispatch_uid="dashboards.report_status")
        rankings_changed.connect(on_event, dispatch_uid="dashboards.rankings")
        post_save.connect(on_event, sender=Recommendation, dispatch_uid="dashboards.recommendation_saved")
        post_delete.connect(on_event, sender=Recommendation, dispatch_uid="dashboards.recommendation_deleted")
        # A body or a unit renamed, moved or ended (the admin's rare edits).
        for model in (SupervisingBody, AdministrativeUnit):
            post_save.connect(on_event, sender=model, dispatch_uid=f"dashboards.{model.__name__}_saved")
            post_delete.connect(on_event, sender=model, dispatch_uid=f"dashboards.{model.__name__}_deleted")
