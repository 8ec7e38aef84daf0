"""What the one-stop system (Một cửa điện tử) sends, and what the clerks said about it.

- ``SystemAccount``: a Django user that is a system, not a person, scoped to the
  units it serves; it authenticates with an API token (django-rest-knox, with
  an expiry) and may do nothing in the portal but send batches.
- ``Batch``: one POST of the system, identified by the system's own id, so a
  re-sent batch is answered with its first result and never counted twice.
- ``DossierCount``: a day's or a month's counts of one unit, procedure and
  channel. A later batch with the same key replaces the count (a correction).
- ``Override``: a clerk keeps the ward's own figure where the system's differs,
  with a reason the reviewers and the supervision team read.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.limits import NOTE_CHARS
from digital_metrics.models import Indicator
from onestop.choices import Channel, Granularity
from wards.models import AdministrativeUnit


class SystemAccount(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản đăng nhập"),
        on_delete=models.CASCADE,
        related_name="onestop_account",
    )
    name = models.CharField(_("tên hệ thống"), max_length=200)
    units = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("đơn vị được gửi số liệu"),
        related_name="+",
        help_text=_("Hệ thống chỉ được gửi số liệu của các đơn vị này."),
    )
    illustrative = models.BooleanField(
        _("số liệu minh họa"),
        default=False,
        help_text=_("Tài khoản của bản demo: mọi số liệu nó gửi được ghi là “minh họa”."),
    )
    is_active = models.BooleanField(_("đang dùng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)

    class Meta:
        verbose_name = _("tài khoản hệ thống một cửa")
        verbose_name_plural = _("tài khoản hệ thống một cửa")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Batch(models.Model):
    account = models.ForeignKey(
        SystemAccount, verbose_name=_("hệ thống"), on_delete=models.CASCADE, related_name="batches"
    )
    external_id = models.CharField(_("mã lô của hệ thống"), max_length=100)
    digest = models.CharField(_("mã băm nội dung"), max_length=64)  # sha256 of the canonical JSON body
    received_at = models.DateTimeField(_("nhận lúc"))
    row_count = models.PositiveIntegerField(_("số dòng"))
    result = models.JSONField(_("kết quả đã trả"), default=dict)  # the first answer, given again to a re-sent batch

    class Meta:
        verbose_name = _("lô số liệu")
        verbose_name_plural = _("lô số liệu")
        ordering = ["-received_at"]
        constraints = [models.UniqueConstraint(fields=["account", "external_id"], name="onestop_batch_unique_id")]

    def __str__(self):
        return f"{self.account} – {self.external_id}"


class DossierCount(models.Model):
    """Counts of one unit, procedure and channel over a day or a month (``day``: its first day)."""

    account = models.ForeignKey(SystemAccount, verbose_name=_("hệ thống"), on_delete=models.CASCADE, related_name="+")
    batch = models.ForeignKey(Batch, verbose_name=_("lô gửi gần nhất"), on_delete=models.PROTECT, related_name="counts")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    granularity = models.CharField(_("kỳ"), max_length=5, choices=Granularity.choices)
    day = models.DateField(_("ngày (đầu kỳ)"))
    received = models.PositiveIntegerField(_("hồ sơ tiếp nhận"), default=0)
    resolved_on_time = models.PositiveIntegerField(_("giải quyết đúng hạn"), default=0)
    resolved_late = models.PositiveIntegerField(_("giải quyết quá hạn"), default=0)
    paid_online = models.PositiveIntegerField(_("thanh toán trực tuyến"), default=0)

    class Meta:
        verbose_name = _("số hồ sơ từ hệ thống")
        verbose_name_plural = _("số hồ sơ từ hệ thống")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "unit", "procedure_code", "channel", "granularity", "day"],
                name="onestop_count_unique_key",
            ),
            models.CheckConstraint(condition=Q(paid_online__lte=models.F("received")), name="onestop_paid_le_received"),
        ]
        # The quarter roll-up reads by unit and span of days.
        indexes = [models.Index(fields=["unit", "day"])]

    def __str__(self):
        return f"{self.unit_id} {self.procedure_code} {self.channel} {self.day}: {self.received}"


class Override(models.Model):
    """The ward keeps its own figure where the system's differs, and says why."""

    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    system_value = models.PositiveIntegerField(_("số của hệ thống"))
    reported_value = models.DecimalField(_("số của đơn vị"), max_digits=14, decimal_places=2, null=True, blank=True)
    reason = models.TextField(_("lý do"), max_length=NOTE_CHARS)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người ghi"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("giải trình khác số hệ thống")
        verbose_name_plural = _("giải trình khác số hệ thống")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["unit", "year", "quarter"])]

    def __str__(self):
        return f"{self.unit_id} {self.year}/{self.quarter} {self.indicator_id}: {self.reason[:40]}"
