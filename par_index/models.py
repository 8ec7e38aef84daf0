"""PAR index: a scoring framework per (province, year), the scores entered for
it, and the results the recompute job writes.

The framework is the rule book; once published it is frozen (services refuse
to change it) so a changed rule never rewrites a published year's results:
next year's framework starts as a copy.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.limits import NOTE_CHARS, TEXT_CHARS
from digital_metrics.models import Indicator
from par_index.choices import Cohort, CohortMode, FrameworkStatus, Method, Part, RankingSource, Rule, RunTrigger
from wards.access import Do, access_for, restrict
from wards.choices import Level
from wards.models import AdministrativeUnit

POINTS = {"max_digits": 7, "decimal_places": 2}
POINT_FIELDS = ("self_points", "appraised_points")  # the hand-entered points of a Score


class FrameworkQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: every framework, to everybody signed in (rankings are
        published results); ``change``: the frameworks of the provinces whose
        frameworks the user edits."""
        if action == "view":
            return self if access_for(user).is_authenticated else self.none()
        if action == "change":
            return restrict(self, user, Do.EDIT_FRAMEWORKS, "province")
        raise ValueError(f"unknown action {action!r}")


class ScoreRecordQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """What backs a unit's hand-entered scores (the scores' history, the
        evidence): ``view`` for the unit's own clerks, the appraisers, the
        supervision team and admins above it."""
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        return restrict(self, user, Do.READ_EVIDENCE, "score__unit")


class Framework(models.Model):
    province = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("tỉnh"),
        on_delete=models.PROTECT,
        related_name="par_frameworks",
        limit_choices_to={"level": Level.PROVINCE},
    )
    year = models.PositiveSmallIntegerField(_("năm đánh giá"))
    name = models.CharField(_("tên bộ tiêu chí"), max_length=250)
    basis = models.CharField(
        _("căn cứ"), max_length=300, blank=True, help_text=_("Quyết định ban hành, hoặc ghi rõ nếu chỉ là ví dụ.")
    )
    is_example = models.BooleanField(
        _("là ví dụ minh họa"), default=False, help_text=_("Không phải bộ tiêu chí do tỉnh ban hành.")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=FrameworkStatus.choices, default=FrameworkStatus.DRAFT
    )
    cohort_mode = models.CharField(
        _("cách xếp hạng"), max_length=12, choices=CohortMode.choices, default=CohortMode.WARDS_APART
    )
    copied_from = models.ForeignKey(
        "self", verbose_name=_("sao chép từ"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    objects = FrameworkQuerySet.as_manager()

    class Meta:
        verbose_name = _("bộ tiêu chí chỉ số CCHC")
        verbose_name_plural = _("bộ tiêu chí chỉ số CCHC")
        ordering = ["province__code", "-year"]
        constraints = [models.UniqueConstraint(fields=["province", "year"], name="par_framework_unique_year")]

    def __str__(self):
        return f"{self.name} ({self.year})"

    @property
    def is_published(self) -> bool:
        return self.status == FrameworkStatus.PUBLISHED

    @property
    def status_badge(self) -> str:
        return FrameworkStatus(self.status).badge


class Band(models.Model):
    """A grade: an index at or above ``min_percent`` (and below the next band) earns it."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="bands"
    )
    name = models.CharField(_("xếp loại"), max_length=40)
    min_percent = models.DecimalField(
        _("từ (%)"), max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    colour = models.CharField(_("màu"), max_length=12, default="secondary", help_text=_("Màu Bootstrap của nhãn."))

    class Meta:
        verbose_name = _("xếp loại")
        verbose_name_plural = _("xếp loại")
        ordering = ["framework", "-min_percent"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "min_percent"], name="par_band_unique_threshold"),
            models.UniqueConstraint(fields=["framework", "name"], name="par_band_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} ≥ {self.min_percent}%"


class Criterion(models.Model):
    """A node of the tree: field (lĩnh vực) → criterion → sub-criterion. Only
    leaves are scored; a node's maximum is the sum of its leaves'."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="criteria"
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("thuộc"), null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    code = models.CharField(_("số thứ tự"), max_length=20, help_text=_("Ví dụ 2.1 hoặc 2.1.a"))
    title = models.CharField(_("nội dung"), max_length=400)
    part = models.CharField(_("phần"), max_length=10, choices=Part.choices, default=Part.CRITERIA)
    max_points = models.DecimalField(
        _("điểm tối đa"), **POINTS, default=Decimal(0), validators=[MinValueValidator(Decimal(0))]
    )
    method = models.CharField(_("cách chấm"), max_length=10, choices=Method.choices, default=Method.MANUAL)
    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("chỉ tiêu báo cáo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Với cách chấm tự động: giá trị cả năm của chỉ tiêu này."),
    )
    rule = models.CharField(_("quy tắc"), max_length=14, choices=Rule.choices, blank=True)
    threshold = models.DecimalField(
        _("ngưỡng đạt điểm tối đa"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Quy tắc tỷ lệ: điểm = min(tối đa, tối đa × giá trị / ngưỡng)."),
    )
    guidance = models.TextField(_("hướng dẫn chấm"), blank=True, max_length=TEXT_CHARS)
    order = models.PositiveIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("tiêu chí")
        verbose_name_plural = _("tiêu chí")
        ordering = ["framework", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "code"], name="par_criterion_unique_code"),
            models.CheckConstraint(
                condition=Q(method=Method.MANUAL) | (Q(indicator__isnull=False) & ~Q(rule="")),
                name="par_criterion_automatic_has_rule",
            ),
        ]

    def __str__(self):
        return f"{self.code}. {self.title}"

    @property
    def is_penalty(self) -> bool:
        """Penalty points count against the unit: shown with a minus sign."""
        return self.part == Part.PENALTY

    @property
    def is_automatic(self) -> bool:
        return self.method == Method.AUTOMATIC


class RuleStep(models.Model):
    """A step of a threshold rule: a value at or above ``min_value`` earns ``points``
    (the highest step reached counts)."""

    criterion = models.ForeignKey(Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="steps")
    min_value = models.DecimalField(_("từ giá trị"), max_digits=14, decimal_places=2)
    points = models.DecimalField(_("điểm"), **POINTS)

    class Meta:
        verbose_name = _("bậc điểm")
        verbose_name_plural = _("bậc điểm")
        ordering = ["criterion", "min_value"]
        constraints = [models.UniqueConstraint(fields=["criterion", "min_value"], name="par_step_unique_value")]

    def __str__(self):
        return f"≥ {self.min_value}: {self.points}"


class Score(models.Model):
    """The hand-entered points of one unit on one manual leaf: the ward's
    self-assessment, then the appraisal team's score, which prevails. For a
    survey leaf the appraised points are the survey's result."""

    criterion = models.ForeignKey(
        Criterion, verbose_name=_("tiêu chí"), on_delete=models.CASCADE, related_name="scores"
    )
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="par_scores"
    )
    self_points = models.DecimalField(_("điểm tự đánh giá"), **POINTS, null=True, blank=True)
    explanation = models.TextField(_("giải trình"), blank=True, max_length=TEXT_CHARS)
    appraised_points = models.DecimalField(_("điểm thẩm định"), **POINTS, null=True, blank=True)
    appraisal_note = models.TextField(_("ý kiến thẩm định"), blank=True, max_length=TEXT_CHARS)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("cập nhật bởi"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("điểm chấm")
        verbose_name_plural = _("điểm chấm")
        constraints = [models.UniqueConstraint(fields=["criterion", "unit"], name="par_score_unique")]

    def __str__(self):
        return f"{self.unit} – {self.criterion.code}"


class ScoreChange(models.Model):
    """Who changed a hand-entered score, when, from what to what. Written by
    the services (self_assessment_save, appraisal_save), the only writers."""

    score = models.ForeignKey(Score, verbose_name=_("điểm chấm"), on_delete=models.CASCADE, related_name="changes")
    field = models.CharField(_("trường"), max_length=30)
    before = models.TextField(_("trước"), blank=True)
    after = models.TextField(_("sau"), blank=True)
    at = models.DateTimeField(_("lúc"), auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người sửa"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = ScoreRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("lịch sử điểm chấm")
        verbose_name_plural = _("lịch sử điểm chấm")
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.score_id} {self.field}: {self.before} → {self.after}"

    @property
    def field_label(self) -> str:
        return str(Score._meta.get_field(self.field).verbose_name)

    @property
    def is_points(self) -> bool:
        """A change of points (shown as numbers), not of a note or an explanation."""
        return self.field in POINT_FIELDS


class Evidence(models.Model):
    """A document backing a self-assessed score (tài liệu kiểm chứng)."""

    score = models.ForeignKey(Score, verbose_name=_("điểm chấm"), on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(_("tệp"), upload_to="par/evidence/%Y/")
    description = models.CharField(_("mô tả"), max_length=250, blank=True)
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tải lên"), null=True, on_delete=models.SET_NULL
    )

    objects = ScoreRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")

    def __str__(self):
        return self.description or self.file.name


class YearlyInput(models.Model):
    """One unit's yearly figure of one indicator, from its approved quarterly
    reports, by the rules of digital_metrics.reports.figures.aggregate: flows summed,
    stocks and directly reported rates latest, a derived sum the sum of its
    components, a ratio its summed numerator over its summed denominator.

    The rankings read these (about 18 rows per unit-year) instead of the
    quarterly values (48 per unit-year). Maintained set-based by
    ``par_index.yearly``: a unit-year is rewritten inside the transaction of
    the approval (or reopening) that changes it. A derived table: no database
    foreign-key checks; the primary key (unit, year, indicator) serves every read."""

    pk = models.CompositePrimaryKey("unit", "year", "indicator")
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    numerator = models.DecimalField(_("tử số"), max_digits=20, decimal_places=4, null=True)
    denominator = models.DecimalField(_("mẫu số"), max_digits=20, decimal_places=4, null=True)
    value = models.DecimalField(_("giá trị cả năm"), max_digits=24, decimal_places=8)

    class Meta:
        verbose_name = _("số liệu cả năm")
        verbose_name_plural = _("số liệu cả năm")

    def __str__(self):
        return f"{self.unit_id} {self.year} {self.indicator_id}: {self.value}"


class UnitResult(models.Model):
    """A unit's total, index, band and rank for one framework: written by the recompute.

    A derived table, rewritten wholesale by every run (80.000 rows for the
    whole country): every read goes by framework (and unit), which the unique
    (framework, unit) index serves; no other index and no database
    foreign-key checks (deferred to the commit, they cost a third of the
    write). Django still cascades deletes."""

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="results", db_constraint=False, db_index=False
    )
    unit = models.ForeignKey(
        AdministrativeUnit, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    cohort = models.CharField(_("khối"), max_length=10)
    points = models.DecimalField(_("tổng điểm"), max_digits=9, decimal_places=4)
    maximum = models.DecimalField(_("điểm tối đa"), max_digits=9, decimal_places=2)
    index_percent = models.DecimalField(_("chỉ số (%)"), max_digits=9, decimal_places=4)
    band = models.CharField(_("xếp loại"), max_length=40, blank=True)
    rank = models.PositiveIntegerField(_("thứ hạng"))
    cohort_size = models.PositiveIntegerField(_("số đơn vị cùng khối"))
    run = models.ForeignKey(
        "RecomputeRun", on_delete=models.SET_NULL, null=True, related_name="+", db_constraint=False, db_index=False
    )

    class Meta:
        verbose_name = _("kết quả chỉ số")
        verbose_name_plural = _("kết quả chỉ số")
        constraints = [models.UniqueConstraint(fields=["framework", "unit"], name="par_result_unique")]

    def __str__(self):
        return f"{self.unit_id}: {self.index_percent}% #{self.rank}/{self.cohort_size}"


class RecomputeState(models.Model):
    """Whether a scope-year needs recomputing. ``generation`` grows with every
    mark, so a run knows whether something changed while it was computing;
    ``claimed_at`` is the lease a task takes with a conditional UPDATE."""

    framework = models.OneToOneField(Framework, on_delete=models.CASCADE, related_name="recompute_state")
    stale = models.BooleanField(_("cần tính lại"), default=True)
    generation = models.PositiveBigIntegerField(default=1)
    marked_at = models.DateTimeField(_("đánh dấu lúc"), null=True)
    reason = models.CharField(_("lý do"), max_length=200, blank=True)
    claimed_at = models.DateTimeField(_("đang tính từ"), null=True)

    class Meta:
        verbose_name = _("trạng thái tính lại")
        verbose_name_plural = _("trạng thái tính lại")
        indexes = [models.Index(fields=["stale", "marked_at"])]

    def __str__(self):
        return f"{self.framework_id}: {'stale' if self.stale else 'fresh'} (gen {self.generation})"


class RunQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """The recompute runs of the provinces whose frameworks the user edits."""
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        return restrict(self, user, Do.EDIT_FRAMEWORKS, "framework__province")


class RecomputeRun(models.Model):
    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ tiêu chí"), on_delete=models.CASCADE, related_name="runs"
    )
    trigger = models.CharField(_("khởi chạy bởi"), max_length=10, choices=RunTrigger.choices)
    started_at = models.DateTimeField(_("bắt đầu"))
    finished_at = models.DateTimeField(_("kết thúc"), null=True)
    rows = models.PositiveIntegerField(_("số dòng kết quả"), default=0)
    error = models.TextField(_("lỗi"), blank=True)

    objects = RunQuerySet.as_manager()

    class Meta:
        verbose_name = _("lượt tính lại xếp hạng")
        verbose_name_plural = _("lượt tính lại xếp hạng")
        ordering = ["-started_at", "-pk"]

    def __str__(self):
        return f"{self.framework} {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def duration_ms(self) -> int | None:
        if self.finished_at is None:
            return None
        return int((self.finished_at - self.started_at).total_seconds() * 1000)


class OfficialRanking(models.Model):
    """A scope-year's ranking as it was published: frozen. A correction
    approved later changes the recomputed ranking (UnitResult) only, and the
    pages show it beside this one with what changed; a new publication (a
    correcting decision) comes after it and both are kept.

    Either a snapshot of the recomputed results, published on the portal by the
    province's appraisers, or the result the province announced elsewhere (its
    decision), entered or imported as it stands, possibly for some units only."""

    framework = models.ForeignKey(
        Framework, verbose_name=_("bộ tiêu chí"), on_delete=models.PROTECT, related_name="official_rankings"
    )
    source = models.CharField(_("cách có kết quả"), max_length=10, choices=RankingSource.choices)
    decision = models.CharField(
        _("văn bản công bố"), max_length=200, blank=True, help_text=_("Ví dụ: Quyết định số 35/QĐ-UBND")
    )
    decision_date = models.DateField(_("ngày văn bản"), null=True, blank=True)
    reference = models.CharField(
        _("nguồn"), max_length=300, blank=True, help_text=_("Nơi đọc được kết quả (văn bản, cổng thông tin, bài báo).")
    )
    note = models.TextField(_("ghi chú"), blank=True, max_length=NOTE_CHARS)
    is_complete = models.BooleanField(_("đủ mọi đơn vị"), default=True)
    published_at = models.DateTimeField(_("công bố lúc"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("kết quả xếp hạng chính thức")
        verbose_name_plural = _("kết quả xếp hạng chính thức")
        ordering = ["-published_at", "-pk"]

    def __str__(self):
        return f"{self.framework} – {self.decision or self.get_source_display()} ({self.published_at:%d/%m/%Y})"


class OfficialResult(models.Model):
    """One unit's line of an official ranking, as published."""

    ranking = models.ForeignKey(OfficialRanking, on_delete=models.CASCADE, related_name="results")
    unit = models.ForeignKey(AdministrativeUnit, verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="+")
    cohort = models.CharField(_("khối"), max_length=10, choices=Cohort.choices, blank=True)
    rank = models.PositiveIntegerField(_("thứ hạng"), validators=[MinValueValidator(1)])
    cohort_size = models.PositiveIntegerField(_("số đơn vị cùng khối"), validators=[MinValueValidator(1)])
    points = models.DecimalField(_("tổng điểm"), max_digits=9, decimal_places=4, null=True, blank=True)
    maximum = models.DecimalField(_("điểm tối đa"), max_digits=9, decimal_places=2, null=True, blank=True)
    index_percent = models.DecimalField(_("chỉ số (%)"), max_digits=9, decimal_places=4, null=True, blank=True)
    band = models.CharField(_("xếp loại"), max_length=40, blank=True)
    note = models.CharField(_("ghi chú"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("kết quả chính thức của đơn vị")
        verbose_name_plural = _("kết quả chính thức của đơn vị")
        constraints = [
            models.UniqueConstraint(fields=["ranking", "unit"], name="par_official_unit_once"),
            models.CheckConstraint(condition=Q(rank__lte=models.F("cohort_size")), name="par_official_rank_in_size"),
        ]

    def __str__(self):
        return f"{self.unit_id}: #{self.rank}/{self.cohort_size}"
