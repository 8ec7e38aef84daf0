from django.db import models
from django.utils.translation import gettext_lazy as _


class PaperKind(models.TextChoices):
    DECISION = "decision", _("Quyết định thành lập Đoàn giám sát")
    PLAN = "plan", _("Kế hoạch giám sát")
    OUTLINE = "outline", _("Đề cương báo cáo gửi đơn vị được giám sát")
    REPORT = "report", _("Báo cáo kết quả giám sát")
    RESOLUTION = "resolution", _("Nghị quyết về kết quả giám sát chuyên đề")
    CONCLUSION = "conclusion", _("Thông báo kết luận giám sát")


class PaperStatus(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    ISSUED = "issued", _("Đã ban hành")

    @property
    def badge(self) -> str:
        return {"draft": "secondary", "issued": "success"}[self.value]


class PaperFormat(models.TextChoices):
    DOCX = "docx", "DOCX"
    PDF = "pdf", "PDF"
