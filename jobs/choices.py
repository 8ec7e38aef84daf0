from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Lỗi")
    EXPIRED = "expired", _("Đã xóa tệp (hết hạn lưu)")

    @property
    def badge(self) -> str:
        return {"queued": "secondary", "running": "info", "done": "success", "failed": "danger", "expired": "light"}[
            self.value
        ]


# A job in one of these will not change any more.
FINISHED = (JobStatus.DONE, JobStatus.FAILED, JobStatus.EXPIRED)
