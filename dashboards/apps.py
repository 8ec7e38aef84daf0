from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Bảng theo dõi")

    def ready(self):
        # The overview, the profile and the ranking are cached (core.freshness); the events of the
        # apps below that change them bump the cache's generations (dashboards.freshness).
        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from dashboards import freshness
        from digital_metrics.models import Indicator, PeriodLock, Target
        from digital_metrics.reports.signals import report_status_changed
        from onestop.models import Batch, Override
        from par_index.signals import rankings_changed
        from supervision.models import Recommendation, Supervision

        report_status_changed.connect(freshness.on_report_status, dispatch_uid="dashboards.report_status")
        rankings_changed.connect(freshness.on_rankings, dispatch_uid="dashboards.rankings")
        post_save.connect(freshness.on_recommendation, sender=Recommendation, dispatch_uid="dashboards.rec_saved")
        post_delete.connect(freshness.on_recommendation, sender=Recommendation, dispatch_uid="dashboards.rec_deleted")
        # Rare edits that any cached page may show (a global bump; units, bodies and memberships bump
        # it in wards.apps): a quarter locked or unlocked, a target or an indicator changed, a
        # supervision recorded or edited (the profile lists those that covered the ward), the one-stop
        # system's figures received or overridden (the profile shows them beside the reported ones).
        for model in (PeriodLock, Target, Indicator, Supervision, Batch, Override):
            name = model.__name__
            post_save.connect(freshness.on_catalogue, sender=model, dispatch_uid=f"dashboards.{name}_saved")
            post_delete.connect(freshness.on_catalogue, sender=model, dispatch_uid=f"dashboards.{name}_deleted")
        m2m_changed.connect(
            freshness.on_catalogue, sender=Supervision.units.through, dispatch_uid="dashboards.supervision_units"
        )
        # Anything changed in Django's admin (a user's name, an indicator's wording…):
        # the admin logs every addition, change and deletion, and each log entry bumps.
        post_save.connect(freshness.on_catalogue, sender=LogEntry, dispatch_uid="dashboards.admin_change")
