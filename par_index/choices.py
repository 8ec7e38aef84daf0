from django.db import models
from django.utils.translation import gettext_lazy as _


class FrameworkStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    PUBLISHED = "published", _("Đã ban hành")

    @property
    def badge(self) -> str:
        return {"draft": "secondary", "published": "success"}[self.value]


class CohortMode(models.TextChoices):
    # Rankings are published per block in some provinces (Hải Phòng 2025: wards
    # apart from communes); others rank every commune-level unit together.
    SINGLE = "single", _("Xếp hạng chung tất cả đơn vị cấp xã")
    WARDS_APART = "wards_apart", _("Xếp hạng riêng khối phường và khối xã, thị trấn")


class Cohort(models.TextChoices):
    ALL = "all", _("Tất cả đơn vị cấp xã")
    WARDS = "wards", _("Khối phường")
    COMMUNES = "communes", _("Khối xã, thị trấn")


class Part(models.TextChoices):
    CRITERIA = "criteria", _("Tiêu chí")
    SURVEY = "survey", _("Điều tra xã hội học")
    BONUS = "bonus", _("Điểm thưởng")
    PENALTY = "penalty", _("Điểm trừ")


class Method(models.TextChoices):
    MANUAL = "manual", _("Tự đánh giá, thẩm định")
    AUTOMATIC = "automatic", _("Tự động từ số liệu báo cáo")


class Rule(models.TextChoices):
    PROPORTIONAL = "proportional", _("Tỷ lệ với mục tiêu, tối đa điểm chuẩn")
    STEPS = "steps", _("Theo bậc ngưỡng")


class RunTrigger(models.TextChoices):
    TASK = "task", _("Tác vụ nền")
    SWEEP = "sweep", _("Quét định kỳ")
    COMMAND = "command", _("Lệnh quản trị")
    DEMO = "demo", _("Nạp dữ liệu minh họa")


class RankingSource(models.TextChoices):
    """How an official ranking came to be."""

    PUBLISHED = "published", _("Công bố từ kết quả tính trên cổng")
    ANNOUNCED = "announced", _("Kết quả tỉnh đã công bố, nhập lại")
