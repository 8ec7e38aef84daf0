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
    """What a person does, as the institutions divide the work (DESIGN.md)."""

    CLERK = "clerk", _("Cán bộ một cửa")  # of a ward: enters its figures
    REVIEWER = "reviewer", _("Người duyệt báo cáo")  # of a UBND: accepts its wards' figures
    APPRAISER = "appraiser", _("Thành viên Hội đồng thẩm định")  # of a Sở Nội vụ: appraises PAR scores
    SUPERVISOR = "supervisor", _("Thành viên đoàn giám sát")  # of an HĐND: supervises what was accepted
    ADMIN = "admin", _("Quản trị")  # of a body: its accounts; sees everything under it


class BodyKind(models.TextChoices):
    HDND = "hdnd", _("Hội đồng nhân dân")
    UBND = "ubnd", _("Ủy ban nhân dân")
    SNV = "snv", _("Sở Nội vụ")
    OTHER = "other", _("Cơ quan khác")


# The kind of body each role belongs to (an admin: any).
ROLE_BODY_KINDS = {
    Role.REVIEWER: {BodyKind.UBND},
    Role.APPRAISER: {BodyKind.SNV},
    Role.SUPERVISOR: {BodyKind.HDND},
}
