from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "par_index"
    verbose_name = _("Chỉ số cải cách hành chính")

    def ready(self):
        # digital_metrics may not import us (layering), so it announces approvals
        # and we subscribe here; the receiver only marks the scope-year stale.
        from digital_metrics.reports.signals import report_approval_changed
        from par_index import receivers

        report_approval_changed.connect(receivers.on_report_approval_changed, dispatch_uid="par_index.approval")
