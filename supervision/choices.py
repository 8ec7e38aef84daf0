"""Every status and kind of the supervision app, with its label and badge colour, in one place."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SupervisionKind(models.TextChoices):
    THEMATIC = "thematic", _("Giám sát chuyên đề")
    RESUPERVISION = "resupervision", _("Tái giám sát")
    OTHER = "other", _("Giám sát khác")

    @property
    def badge(self) -> str:
        return {"thematic": "primary", "resupervision": "info", "other": "secondary"}[self.value]


class MemberRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")
    INVITED = "invited", _("Mời tham gia")


class FindingKind(models.TextChoices):
    RESULT = "result", _("Kết quả đạt được")
    SHORTCOMING = "shortcoming", _("Hạn chế")
    PROPOSAL = "proposal", _("Đề xuất, kiến nghị của đơn vị")
    CONCLUSION = "conclusion", _("Kết luận của Đoàn giám sát")


class DocumentKind(models.TextChoices):
    DECISION = "decision", _("Quyết định thành lập Đoàn giám sát")
    PLAN = "plan", _("Kế hoạch giám sát")
    UNIT_REPORT = "unit_report", _("Báo cáo của đơn vị được giám sát")
    RESULT_REPORT = "result_report", _("Báo cáo kết quả giám sát")
    RESOLUTION = "resolution", _("Nghị quyết")
    OTHER = "other", _("Tài liệu khác")


class RecommendationStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Đã thực hiện")
    DECLINED = "declined", _("Không thực hiện")
    ALTERNATIVE = "alternative", _("Phương án khác được chấp nhận")

    @property
    def badge(self) -> str:
        return {
            "not_started": "secondary",
            "in_progress": "info",
            "done": "success",
            "declined": "dark",
            "alternative": "primary",
        }[self.value]


# A recommendation is open (and can become overdue) while it is in one of these.
OPEN_STATUSES = (RecommendationStatus.NOT_STARTED, RecommendationStatus.IN_PROGRESS)
# What the addressee may declare in a progress note; accepting another course of
# action is the supervision team's decision alone.
ADDRESSEE_STATUSES = (
    RecommendationStatus.NOT_STARTED,
    RecommendationStatus.IN_PROGRESS,
    RecommendationStatus.DONE,
    RecommendationStatus.DECLINED,
)
# Statuses that need a written reason.
REASON_REQUIRED = (RecommendationStatus.DECLINED, RecommendationStatus.ALTERNATIVE)


class ChangeAction(models.TextChoices):
    CREATED = "created", _("Tạo kiến nghị")
    UPDATED = "updated", _("Sửa kiến nghị")
    PROGRESS = "progress", _("Báo cáo tiến độ")
    VERIFIED = "verified", _("Xác minh của Đoàn giám sát")
