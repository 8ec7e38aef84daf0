from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Bảng theo dõi")

    def ready(self):
        # The overview is cached (dashboards.overview); the events of the apps
        # below that change it bump the cache's generation (dashboards.freshness).
        from django.db.models.signals import post_delete, post_save

        from dashboards import freshness
        from digital_metrics.reports.signals import report_status_changed
        from par_index.signals import rankings_changed
        from supervision.models import Recommendation
        from wards.models import AdministrativeUnit, SupervisingBody

        report_status_changed.connect(freshness.on_report_status, dispatch_uid="dashboards.report_status")
        rankings_changed.connect(freshness.on_rankings, dispatch_uid="dashboards.rankings")
        post_save.connect(freshness.on_recommendation, sender=Recommendation, dispatch_uid="dashboards.rec_saved")
        post_delete.connect(freshness.on_recommendation, sender=Recommendation, dispatch_uid="dashboards.rec_deleted")
        # A body or a unit renamed, moved or ended (the admin's rare edits).
        for model in (SupervisingBody, AdministrativeUnit):
            post_save.connect(freshness.on_catalogue, sender=model, dispatch_uid=f"dashboards.{model.__name__}_saved")
            post_delete.connect(
                freshness.on_catalogue, sender=model, dispatch_uid=f"dashboards.{model.__name__}_deleted"
            )
