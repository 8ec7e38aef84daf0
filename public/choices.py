from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationKind(models.TextChoices):
    """What a body publishes: each kind names its target in one field of Publication."""

    SUPERVISION = "supervision", _("Cuộc giám sát")
    PAPER = "paper", _("Văn bản đã ban hành")
    FIGURES = "figures", _("Số liệu đã duyệt của một năm")
    RANKING = "ranking", _("Kết quả xếp hạng chính thức")
