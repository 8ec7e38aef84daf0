from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    PROVINCE = "province", _("Tỉnh, thành phố trực thuộc trung ương")
    DISTRICT = "district", _("Quận, huyện, thị xã, thành phố thuộc tỉnh")
    COMMUNE = "commune", _("Xã, phường, thị trấn, đặc khu")


class SuccessionKind(models.TextChoices):
    FULL = "full", _("toàn bộ")
    PARTIAL = "partial", _("một phần")


class Role(models.TextChoices):
    CLERK = "clerk", _("Cán bộ một cửa")
    SUPERVISOR = "supervisor", _("Thành viên đoàn giám sát")
    ADMIN = "admin", _("Quản trị, thẩm định")


class BodyKind(models.TextChoices):
    HDND = "hdnd", _("Hội đồng nhân dân")
    OTHER = "other", _("Cơ quan khác")
