from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from digital_metrics.choices import (
    Aggregation,
    Bound,
    Comparison,
    Origin,
    RelationKind,
    ReportStatus,
    Section,
    ValueType,
)
from digital_metrics.periods import Quarter, quarter_label
from wards.models import AdministrativeUnit


class Indicator(models.Model):
    """One figure a ward reports each quarter, or one derived from others.

    A rate whose counts exist is derived (``numerator`` / ``denominator``) and
    never stored; a rate that is only ever published as a percentage (82,05% of
    health records) is reported directly when ``direct_rate_allowed``. A count
    with ``components`` is the sum of other indicators.
    """

    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=250)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=250)
    hint = models.CharField(_("hướng dẫn nhập"), max_length=400, blank=True)
    section = models.CharField(_("nhóm"), max_length=20, choices=Section.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    value_type = models.CharField(_("kiểu giá trị"), max_length=10, choices=ValueType.choices, default=ValueType.COUNT)
    aggregation = models.CharField(_("tổng hợp theo thời gian"), max_length=10, choices=Aggregation.choices)
    numerator = models.ForeignKey(
        "self", verbose_name=_("tử số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    denominator = models.ForeignKey(
        "self", verbose_name=_("mẫu số"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    direct_rate_allowed = models.BooleanField(
        _("được báo cáo trực tiếp tỷ lệ"),
        default=False,
        help_text=_("Khi không có số đếm, ví dụ 82,05% hồ sơ sức khỏe."),
    )
    components = models.ManyToManyField(
        "self", verbose_name=_("là tổng của"), symmetrical=False, blank=True, related_name="totals"
    )
    order = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(numerator__isnull=True) & Q(denominator__isnull=True))
                | (Q(numerator__isnull=False) & Q(denominator__isnull=False) & Q(value_type=ValueType.RATE)),
                name="indicator_ratio_is_rate",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if (get_language() or "vi").startswith("en") and self.name_en else self.name_vi

    @property
    def is_ratio(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_entered(self) -> bool:
        """Whether a clerk types this value (as opposed to it being computed)."""
        if self.is_ratio:
            return self.direct_rate_allowed
        return not self._has_components()

    def _has_components(self) -> bool:
        cache = getattr(self, "_prefetched_objects_cache", {})
        if "components" in cache:
            return bool(cache["components"])
        return self.components.exists()


class IndicatorRelation(models.Model):
    """A validation rule between indicators, declared as data.

    ``sum_lte`` with one part is "numerator ≤ denominator" (126 ≤ 217);
    ``sum_eq`` is "parts sum to the whole" (803 + 28 = 831).
    """

    kind = models.CharField(_("loại ràng buộc"), max_length=10, choices=RelationKind.choices)
    whole = models.ForeignKey(Indicator, verbose_name=_("tổng thể"), on_delete=models.CASCADE, related_name="+")
    parts = models.ManyToManyField(Indicator, verbose_name=_("các phần"), related_name="+")
    note = models.CharField(_("ghi chú"), max_length=250, blank=True)

    class Meta:
        verbose_name = _("ràng buộc kiểm tra")
        verbose_name_plural = _("ràng buộc kiểm tra")

    def __str__(self):
        parts = " + ".join(p.code for p in self.parts.all())
        return f"{parts} {'=' if self.kind == RelationKind.SUM_EQ else '≤'} {self.whole.code}"


class Target(models.Model):
    """A target for an indicator over a span of dates (e.g. NQ 76/NQ-CP: ≥ 80% of
    dossiers fully online by 2025)."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.CASCADE, related_name="targets"
    )
    comparison = models.CharField(_("so sánh"), max_length=3, choices=Comparison.choices, default=Comparison.GTE)
    value = models.DecimalField(_("giá trị mục tiêu"), max_digits=14, decimal_places=2)
    valid_from = models.DateField(_("áp dụng từ"))
    valid_to = models.DateField(_("áp dụng đến"), null=True, blank=True)
    source = models.CharField(_("căn cứ"), max_length=200)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["indicator", "valid_from"]

    def __str__(self):
        return f"{self.indicator.code} {self.get_comparison_display()} {self.value} ({self.source})"

    def is_met(self, actual) -> bool | None:
        if actual is None:
            return None
        return actual >= self.value if self.comparison == Comparison.GTE else actual <= self.value


class QuarterlyReportQuerySet(models.QuerySet):
    def for_period(self, year: int, quarter: int | None = None):
        qs = self.filter(year=year)
        return qs.filter(quarter=quarter) if quarter else qs


class QuarterlyReport(models.Model):
    """A ward's return for one quarter. Unique per (unit, year, quarter); the
    version number guards concurrent saves (optimistic locking)."""

    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="quarterly_reports"
    )
    year = models.PositiveSmallIntegerField(_("năm"), validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    quarter = models.PositiveSmallIntegerField(_("quý"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    status = models.CharField(_("trạng thái"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    version = models.PositiveIntegerField(_("phiên bản"), default=1)
    origin = models.CharField(_("nguồn số liệu"), max_length=10, choices=Origin.choices, default=Origin.ENTERED)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cập nhật bởi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = QuarterlyReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo quý")
        verbose_name_plural = _("báo cáo quý")
        ordering = ["unit", "-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year", "quarter"], name="report_unique_unit_period"),
            models.CheckConstraint(condition=Q(quarter__gte=1) & Q(quarter__lte=4), name="report_quarter_1_4"),
        ]
        indexes = [models.Index(fields=["year", "quarter", "status"])]

    def __str__(self):
        return f"{self.unit} – {self.period_label}"

    @property
    def period(self) -> Quarter:
        return Quarter(self.year, self.quarter)

    @property
    def period_label(self) -> str:
        return quarter_label(self.year, self.quarter)

    @property
    def status_badge(self) -> str:
        return ReportStatus(self.status).badge


class ReportValue(models.Model):
    report = models.ForeignKey(
        QuarterlyReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    text_value = models.CharField(_("nội dung"), max_length=500, blank=True)
    bound = models.CharField(_("cận"), max_length=5, choices=Bound.choices, default=Bound.EXACT, blank=True)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_report_indicator")]

    def __str__(self):
        return f"{self.indicator_id}={self.value if self.value is not None else self.text_value}"
