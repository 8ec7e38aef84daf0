from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from digital_metrics.models import QuarterlyReport
from procedures.choices import OnlineLevel


class Field(models.Model):
    """A field (lĩnh vực) grouping procedures, e.g. Tư pháp – Hộ tịch."""

    code = models.SlugField(_("mã lĩnh vực"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=200)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=200, blank=True)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["order", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name_vi


class Procedure(models.Model):
    """An administrative procedure (TTHC) of the commune level."""

    code = models.CharField(
        _("mã thủ tục"), max_length=40, unique=True, help_text=_("Mã trên Cơ sở dữ liệu quốc gia về TTHC.")
    )
    name = models.CharField(_("tên thủ tục"), max_length=400)
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="procedures")
    online_level = models.CharField(_("mức độ trực tuyến"), max_length=10, choices=OnlineLevel.choices)
    online_payment = models.BooleanField(_("thanh toán phí trực tuyến"), default=False)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["field__order", "code"]

    def __str__(self):
        return self.name


class DossierStat(models.Model):
    """Dossier figures of one ward, quarter and field.

    Channels are how dossiers were received: fully online, partly online, at the
    desk, or through the public postal service; their sum is ``received``.
    """

    report = models.ForeignKey(
        QuarterlyReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="dossier_stats"
    )
    field = models.ForeignKey(Field, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="+")
    received = models.PositiveIntegerField(_("hồ sơ tiếp nhận"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    online_full = models.PositiveIntegerField(_("trực tuyến toàn trình"), default=0)
    online_partial = models.PositiveIntegerField(_("trực tuyến một phần"), default=0)
    at_desk = models.PositiveIntegerField(_("trực tiếp tại bộ phận một cửa"), default=0)
    postal = models.PositiveIntegerField(_("qua bưu chính công ích"), default=0)
    paid_online = models.PositiveIntegerField(_("thanh toán trực tuyến"), default=0)

    class Meta:
        verbose_name = _("số liệu hồ sơ theo lĩnh vực")
        verbose_name_plural = _("số liệu hồ sơ theo lĩnh vực")
        constraints = [models.UniqueConstraint(fields=["report", "field"], name="dossierstat_unique_report_field")]

    def __str__(self):
        return f"{self.report} – {self.field}"


class ProcedureActivity(models.Model):
    """Per-procedure detail of a quarter, as the one-stop software exports it, so
    that "28 procedures in 7 fields had online dossiers" is counted, not typed."""

    report = models.ForeignKey(
        QuarterlyReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="procedure_activity"
    )
    procedure = models.ForeignKey(Procedure, verbose_name=_("thủ tục"), on_delete=models.PROTECT, related_name="+")
    online_dossiers = models.PositiveIntegerField(_("hồ sơ trực tuyến"), default=0)
    paid_online_dossiers = models.PositiveIntegerField(_("hồ sơ thanh toán trực tuyến"), default=0)

    class Meta:
        verbose_name = _("phát sinh hồ sơ theo thủ tục")
        verbose_name_plural = _("phát sinh hồ sơ theo thủ tục")
        constraints = [
            models.UniqueConstraint(fields=["report", "procedure"], name="activity_unique_report_procedure"),
            models.CheckConstraint(
                condition=Q(paid_online_dossiers__lte=models.F("online_dossiers")), name="activity_paid_le_online"
            ),
        ]

    def __str__(self):
        return f"{self.report} – {self.procedure_id}: {self.online_dossiers}"
