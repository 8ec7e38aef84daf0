"""A background job: one row, whatever the kind (an export, an import…)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from jobs.choices import FINISHED, JobStatus


def result_path(instance, filename: str) -> str:
    # The stored name is ours: the job's id and a random suffix (Django adds one
    # on a clash); the name offered to the browser is ``result_name``.
    return f"jobs/{instance.created_at:%Y/%m}/{instance.pk}-{filename}"


class JobQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: the user's own jobs (every job for a superuser). A job's
        file was produced under its author's rights, so nobody else reads it."""
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self if user.is_superuser else self.filter(created_by=user)


class Job(models.Model):
    kind = models.SlugField(
        _("loại tác vụ"), max_length=40, help_text=_("Tên trong settings.JOB_HANDLERS, ví dụ “export”.")
    )
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    label = models.CharField(_("mô tả"), max_length=300, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=200, blank=True)
    result = models.FileField(_("tệp kết quả"), upload_to=result_path, max_length=300, blank=True)
    result_name = models.CharField(_("tên tệp tải về"), max_length=200, blank=True)
    result_type = models.CharField(_("loại tệp"), max_length=100, blank=True)
    result_size = models.PositiveBigIntegerField(_("dung lượng (byte)"), null=True, blank=True)
    result_rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    error = models.TextField(_("lỗi"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người yêu cầu"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        _("báo tiến độ lần cuối"), null=True, blank=True, help_text=_("Một tác vụ lâu không báo tiến độ bị coi là mất.")
    )
    finished_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    expires_at = models.DateTimeField(_("xóa tệp lúc"), null=True, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"]), models.Index(fields=["created_by", "created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="job_progress_percent"),
        ]

    def __str__(self):
        return f"{self.kind} #{self.pk} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in FINISHED

    @property
    def is_done(self) -> bool:
        return self.status == JobStatus.DONE and bool(self.result)

    @property
    def status_badge(self) -> str:
        return JobStatus(self.status).badge
