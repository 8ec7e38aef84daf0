from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DigitalMetricsConfig(AppConfig):
    name = "digital_metrics"
    verbose_name = _("Chỉ tiêu và báo cáo quý")
