from django.db import models
from django.utils.translation import gettext_lazy as _


class Section(models.TextChoices):
    DOSSIERS = "dossiers", _("Hồ sơ thủ tục hành chính")
    CERTIFICATION = "certification", _("Chứng thực bản sao")
    PROCEDURE_REVIEW = "procedure_review", _("Rà soát, đơn giản hóa thủ tục")
    COMMUNICATION = "communication", _("Tuyên truyền")
    DIGITAL = "digital", _("Chuyển đổi số")


class ValueType(models.TextChoices):
    COUNT = "count", _("Số đếm (số nguyên ≥ 0)")
    RATE = "rate", _("Tỷ lệ (%)")
    TEXT = "text", _("Văn bản")


class Aggregation(models.TextChoices):
    # How quarterly values roll up over a year: flows add up, stocks take the
    # latest value; rates are never averaged (see Indicator.numerator).
    SUM = "sum", _("Cộng dồn (luồng)")
    LATEST = "latest", _("Giá trị mới nhất (tồn)")


class RelationKind(models.TextChoices):
    SUM_EQ = "sum_eq", _("Tổng các phần bằng tổng thể")
    SUM_LTE = "sum_lte", _("Tổng các phần không lớn hơn tổng thể")


class Comparison(models.TextChoices):
    GTE = "gte", "≥"
    LTE = "lte", "≤"


class Bound(models.TextChoices):
    # Some figures are published as bounds: "trên 98%" of documents exchanged electronically.
    EXACT = "", _("đúng bằng")
    ABOVE = "above", _("trên")
    BELOW = "below", _("dưới")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Bản nháp")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    APPROVED = "approved", _("Đã duyệt")
    RETURNED = "returned", _("Trả lại để sửa")

    @property
    def badge(self) -> str:
        return {"draft": "secondary", "submitted": "info", "approved": "success", "returned": "warning"}[self.value]


# Submitted, or returned after it was: not accepted yet, no longer a private draft.
PENDING = (ReportStatus.SUBMITTED, ReportStatus.RETURNED)


class Origin(models.TextChoices):
    """Where a value comes from (shown on the value itself)."""

    ENTERED = "entered", _("Do đơn vị nhập")
    SYSTEM = "system", _("Từ hệ thống một cửa")
    SEED = "seed", _("Số liệu thật (bài báo)")
    # A yearly total the article gives, shared out over the quarters by the
    # demo: each quarter's share is illustrative, the year's sum is real.
    SPLIT = "split", _("Chia theo quý (minh họa) từ tổng năm thật")
    DEMO = "demo", _("Số liệu minh họa")


# Reports whose submission and approval dates really happened; the demo's and a seed's are made up.
REAL_APPROVALS = (Origin.ENTERED, Origin.SYSTEM)


class AuditAction(models.TextChoices):
    VALUE = "value", _("Sửa số liệu")
    STATUS = "status", _("Đổi trạng thái")
    LOCK = "lock", _("Khóa kỳ")
    REOPEN = "reopen", _("Mở lại")


class AuditSource(models.TextChoices):
    """Through what a change came in: the audit says it beside who and when."""

    FORM = "form", _("Biểu mẫu trên cổng")
    EXCEL = "excel", _("Tệp Excel")
    API = "api", _("API")
    FIELDS = "fields", _("Số hồ sơ theo lĩnh vực")
    DEMO = "demo", _("Dữ liệu minh họa")


class ImportStatus(models.TextChoices):
    """An import job (digital_metrics.models.ImportJob) from upload to written."""

    QUEUED = "queued", _("Đang chờ xử lý")
    READING = "reading", _("Đang đọc và kiểm tra tệp")
    PLANNED = "planned", _("Đã kiểm tra, chờ xác nhận")
    APPLYING = "applying", _("Đang ghi số liệu")
    DONE = "done", _("Đã ghi")
    FAILED = "failed", _("Không ghi được")
    EXPIRED = "expired", _("Hết hạn, chưa ghi gì")

    @property
    def badge(self) -> str:
        return {
            "planned": "info",
            "done": "success",
            "failed": "danger",
            "expired": "secondary",
        }.get(self.value, "warning")

    @classmethod
    def working(cls) -> list[str]:
        """The statuses a worker is busy with: the page polls while the job is in one."""
        return [cls.QUEUED, cls.READING, cls.APPLYING]
