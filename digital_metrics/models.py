from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from core.limits import NOTE_CHARS
from digital_metrics.choices import (
    PENDING,
    REAL_APPROVALS,
    Aggregation,
    AuditAction,
    AuditSource,
    Bound,
    Comparison,
    ImportStatus,
    Origin,
    RelationKind,
    ReportStatus,
    Section,
    ValueType,
)
from digital_metrics.periods import Quarter, quarter_label
from digital_metrics.querysets import PeriodLockQuerySet, QuarterlyReportQuerySet
from wards.access import Do, access_for
from wards.models import AdministrativeUnit


def _english() -> bool:
    """The catalogue is Vietnamese data with English columns beside it."""
    return (get_language() or "vi").startswith("en")


class Indicator(models.Model):
    """One figure a ward reports each quarter, or one derived from others.

    A rate whose counts exist is derived (``numerator`` / ``denominator``) and
    never stored; a rate that is only ever published as a percentage (82,05% of
    health records) is reported directly when ``direct_rate_allowed``. A count
    with ``components`` is the sum of other indicators when they are given, and
    may be given alone when they are not.
    """

    code = models.SlugField(_("mã chỉ tiêu"), max_length=60, unique=True)
    name_vi = models.CharField(_("tên (tiếng Việt)"), max_length=250)
    name_en = models.CharField(_("tên (tiếng Anh)"), max_length=250)
    hint = models.CharField(_("hướng dẫn nhập"), max_length=400, blank=True)
    hint_en = models.CharField(_("hướng dẫn nhập (tiếng Anh)"), max_length=400, blank=True)
    section = models.CharField(_("nhóm"), max_length=20, choices=Section.choices)
    unit = models.CharField(_("đơn vị tính"), max_length=30, blank=True)
    unit_en = models.CharField(_("đơn vị tính (tiếng Anh)"), max_length=30, blank=True)
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
        return self.name_en if _english() and self.name_en else self.name_vi

    @property
    def hint_text(self) -> str:
        return self.hint_en if _english() and self.hint_en else self.hint

    @property
    def unit_label(self) -> str:
        return self.unit_en if _english() and self.unit_en else self.unit

    @property
    def is_ratio(self) -> bool:
        return self.numerator_id is not None

    @property
    def is_entered(self) -> bool:
        """Whether a clerk may type this value. A rate whose counts exist is
        computed; a total (components) may be typed when its parts are not
        known (the article gives 594 dossiers resolved, not how many were late),
        and is their sum when they are."""
        if self.is_ratio:
            return self.direct_rate_allowed
        return True

    @property
    def is_total(self) -> bool:
        """The sum of other indicators (when they are given)."""
        return not self.is_ratio and self._has_components()

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

    # "Close": not met, but short of the target by at most this share of it
    # (a target of ≥ 80% is close from 72%; ≤ 5 days is close up to 5,5 days).
    CLOSE_SHARE = Decimal("0.10")
    MET, CLOSE, NOT_MET = "met", "close", "not_met"

    def is_met(self, actual) -> bool | None:
        if actual is None:
            return None
        return actual >= self.value if self.comparison == Comparison.GTE else actual <= self.value

    def status(self, actual) -> str | None:
        """The traffic light of ``actual`` against the target: MET, CLOSE (within
        CLOSE_SHARE of it), NOT_MET; None when there is no value."""
        met = self.is_met(actual)
        if met is None:
            return None
        if met:
            return self.MET
        margin = abs(self.value) * self.CLOSE_SHARE
        if self.comparison == Comparison.GTE:
            return self.CLOSE if actual >= self.value - margin else self.NOT_MET
        return self.CLOSE if actual <= self.value + margin else self.NOT_MET


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
    note = models.TextField(_("ghi chú"), blank=True, max_length=NOTE_CHARS)
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
    # The workflow: who took each step and when. A returned report keeps the
    # reviewer's reason until it is submitted again.
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người trả lại"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    returned_reason = models.TextField(_("lý do trả lại"), blank=True, max_length=NOTE_CHARS)
    # An admin may reopen one ward of a locked quarter; the lock does not apply
    # to that report until it is approved again.
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopened_reason = models.TextField(_("lý do mở lại"), blank=True, max_length=NOTE_CHARS)
    lock_exempt = models.BooleanField(
        _("được mở lại sau khi khóa kỳ"),
        default=False,
        help_text=_("Quản trị đã mở lại báo cáo này dù kỳ đã khóa; hết hiệu lực khi báo cáo được duyệt lại."),
    )

    # Set when the ward sent its dossiers per field (procedures.DossierStat):
    # the ward-level dossier counts are then their sums and not typed.
    dossiers_from_fields = models.BooleanField(
        _("số hồ sơ tính từ chi tiết theo lĩnh vực"),
        default=False,
        help_text=_("Các chỉ tiêu hồ sơ là tổng của số liệu theo từng lĩnh vực."),
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

    is_approved = property(lambda self: self.status == ReportStatus.APPROVED)

    def readable_by(self, user) -> bool:
        """The object-level twin of ``objects.for_user(user, "view")``."""
        access = access_for(user)
        if not access.is_authenticated:
            return False
        if self.is_approved or access.can(Do.READ_DRAFTS, self.unit_id):
            return True
        return self.status in PENDING and access.can(Do.READ_PENDING, self.unit_id)

    is_demo = property(lambda self: self.origin == Origin.DEMO)  # its values are shown marked "minh họa"
    # The demo's reports carry an approval date made up for the as-of views: not shown as a real approval.
    approval_is_real = property(lambda self: self.origin in REAL_APPROVALS)


class ReportValue(models.Model):
    report = models.ForeignKey(
        QuarterlyReport, verbose_name=_("báo cáo"), on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("chỉ tiêu"), on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(_("giá trị"), max_digits=14, decimal_places=2, null=True, blank=True)
    text_value = models.CharField(_("nội dung"), max_length=500, blank=True)
    bound = models.CharField(_("cận"), max_length=5, choices=Bound.choices, default=Bound.EXACT, blank=True)
    origin = models.CharField(_("nguồn"), max_length=10, choices=Origin.choices, default=Origin.ENTERED)

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [models.UniqueConstraint(fields=["report", "indicator"], name="value_unique_report_indicator")]

    def __str__(self):
        return f"{self.indicator_id}={self.value if self.value is not None else self.text_value}"


class PeriodLock(models.Model):
    """A quarter closed after its deadline for the wards under one UBND, by its
    reviewers: no figure of it changes any more, except in a report a reviewer
    reopened with a reason. A lock of no body is an old lock that closed every
    ward; new locks always have a body."""

    body = models.ForeignKey(
        "wards.SupervisingBody",
        verbose_name=_("cơ quan khóa"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="period_locks",
        help_text=_("UBND nhận báo cáo của các đơn vị bị khóa kỳ."),
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    locked_at = models.DateTimeField(_("khóa lúc"))
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người khóa"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = PeriodLockQuerySet.as_manager()

    class Meta:
        verbose_name = _("khóa kỳ báo cáo")
        verbose_name_plural = _("khóa kỳ báo cáo")
        ordering = ["-year", "-quarter"]
        constraints = [
            models.UniqueConstraint(fields=["body", "year", "quarter"], name="periodlock_unique_body_period"),
            models.UniqueConstraint(
                fields=["year", "quarter"], condition=Q(body__isnull=True), name="periodlock_unique_period"
            ),
        ]

    def __str__(self):
        label = quarter_label(self.year, self.quarter)
        return f"{self.body} – {label}" if self.body_id else label


class AuditEntry(models.Model):
    """One audited change: who, when, before, after.

    An explicit table rather than django-simple-history or triggers: every
    write already goes through digital_metrics.reports (forms, Excel imports,
    API, the procedure detail alike) and every row is built by
    digital_metrics.reports.audit, the import writes values in bulk (which
    simple-history's signals miss), and a row here carries what a reviewer
    needs to read a history (the indicator, the version it produced, the
    reason), not a copy of a whole model row.
    """

    report = models.ForeignKey(
        QuarterlyReport,
        verbose_name=_("báo cáo"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="audit_entries",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    quarter = models.PositiveSmallIntegerField(_("quý"))
    action = models.CharField(_("loại thay đổi"), max_length=10, choices=AuditAction.choices)
    indicator_code = models.CharField(_("mã chỉ tiêu"), max_length=60, blank=True)
    before = models.CharField(_("trước"), max_length=500, blank=True)
    after = models.CharField(_("sau"), max_length=500, blank=True)
    reason = models.TextField(_("lý do"), blank=True, max_length=NOTE_CHARS)
    version = models.PositiveIntegerField(_("phiên bản sau thay đổi"), null=True, blank=True)
    source = models.CharField(_("nguồn"), max_length=10, blank=True, choices=AuditSource.choices)
    at = models.DateTimeField(_("lúc"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("nhật ký thay đổi")
        verbose_name_plural = _("nhật ký thay đổi")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["report", "version"]), models.Index(fields=["year", "quarter"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.indicator_code} {self.before} → {self.after}"


class ImportJob(models.Model):
    """An uploaded sheet that a Celery worker reads, plans and, once the user
    confirms the preview, writes (digital_metrics.reports.excel.jobs): status,
    progress, the preview it rendered, the result or the error, who, when, the
    stored file. Heavy sheets never run in a web worker."""

    importer = models.CharField(_("loại tệp"), max_length=200)  # dotted path of the SheetImporter class
    status = models.CharField(_("trạng thái"), max_length=10, choices=ImportStatus.choices, default=ImportStatus.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(_("tải lên lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    file = models.CharField(_("tệp lưu"), max_length=200, blank=True)  # path in default_storage; "" once deleted
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    language = models.CharField(_("ngôn ngữ"), max_length=10, default="vi")
    rows_read = models.PositiveIntegerField(_("số dòng đã đọc"), default=0)
    preview = models.TextField(_("xem trước"), blank=True)  # HTML rendered by the worker from our templates
    versions = models.JSONField(_("phiên bản đã xem"), default=dict, blank=True)
    has_changes = models.BooleanField(_("có thay đổi"), default=False)
    error_count = models.PositiveIntegerField(_("số lỗi"), default=0)
    result = models.TextField(_("kết quả"), blank=True)

    class Meta:
        verbose_name = _("lượt nhập Excel")
        verbose_name_plural = _("lượt nhập Excel")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_working(self) -> bool:
        return self.status in ImportStatus.working()

    @property
    def status_badge(self) -> str:
        return ImportStatus(self.status).badge
