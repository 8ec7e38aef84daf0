from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    """How a dossier was received (the catalogue's four channels; their sum is ``received``)."""

    DESK = "desk", _("Trực tiếp tại bộ phận một cửa")
    ONLINE_FULL = "online_full", _("Trực tuyến toàn trình")
    ONLINE_PARTIAL = "online_partial", _("Trực tuyến một phần")
    POSTAL = "postal", _("Qua bưu chính công ích")


class Granularity(models.TextChoices):
    DAY = "day", _("Ngày")
    MONTH = "month", _("Tháng")
