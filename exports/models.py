from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from exports.choices import Channel, Dataset, Format
from wards.models import AdministrativeUnit


class ExportLog(models.Model):
    """Every export: who asked for what, when, through which channel, how many rows."""

    dataset = models.CharField(_("dữ liệu"), max_length=20, choices=Dataset.choices)
    format = models.CharField(_("định dạng"), max_length=5, choices=Format.choices)
    scope = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("phạm vi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống: cả nước."),
    )
    params = models.JSONField(_("tham số"), default=dict)
    channel = models.CharField(_("cách xuất"), max_length=10, choices=Channel.choices)
    rows = models.PositiveIntegerField(_("số dòng"), null=True, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xuất"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor = models.CharField(
        _("người thực hiện"), max_length=150, blank=True, help_text=_("Tên tài khoản, hoặc người chạy lệnh quản trị.")
    )
    job = models.ForeignKey(
        "jobs.Job", verbose_name=_("tác vụ nền"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("nhật ký xuất dữ liệu")
        verbose_name_plural = _("nhật ký xuất dữ liệu")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["by", "at"])]

    def __str__(self):
        return f"{self.at:%d/%m/%Y %H:%M} {self.actor} {self.dataset}.{self.format}"
