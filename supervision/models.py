"""Supervisions, their findings and recommendations, and the follow-up of each
recommendation until it is closed."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from supervision.choices import (
    OPEN_STATUSES,
    REASON_REQUIRED,
    ChangeAction,
    DocumentKind,
    FindingKind,
    MemberRole,
    RecommendationStatus,
    SupervisionKind,
)
from wards.access import access_for
from wards.models import AdministrativeUnit, SupervisingBody


class Topic(models.Model):
    """A subject of supervision (CCHC, chuyển đổi số, …): catalogue data, not code."""

    code = models.SlugField(_("mã"), max_length=40, unique=True)
    name = models.CharField(_("tên"), max_length=200)
    short_name = models.CharField(_("tên viết tắt"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("nội dung giám sát")
        verbose_name_plural = _("nội dung giám sát")
        ordering = ["pk"]

    def __str__(self):
        return self.name


class SupervisionQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: the supervisions of the user's bodies, those that covered
        the user's ward, and those with a recommendation addressed to the user's
        ward or body (everything for a superuser); ``change``: those of the
        bodies in whose name the user records supervisions (a superuser writes
        only through a membership: every write is someone's job)."""
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        if action == "change":
            return self.filter(body_id__in=access.body_ids)
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        if access.is_superuser:
            return self
        addressed = Recommendation.objects.filter(supervision=OuterRef("pk")).filter(
            Q(addressee_unit_id__in=access.clerk_unit_ids) | Q(addressee_body_id__in=access.body_ids)
        )
        covered = Supervision.units.through.objects.filter(
            supervision_id=OuterRef("pk"), administrativeunit_id__in=access.clerk_unit_ids
        )
        return self.filter(Q(body_id__in=access.body_ids) | Exists(covered) | Exists(addressed))


class Supervision(models.Model):
    body = models.ForeignKey(
        SupervisingBody, verbose_name=_("cơ quan giám sát"), on_delete=models.PROTECT, related_name="supervisions"
    )
    kind = models.CharField(_("hình thức"), max_length=20, choices=SupervisionKind.choices)
    title = models.CharField(_("tên cuộc giám sát"), max_length=400)
    topics = models.ManyToManyField(Topic, verbose_name=_("nội dung"), blank=True, related_name="supervisions")
    units = models.ManyToManyField(
        AdministrativeUnit, verbose_name=_("đơn vị được giám sát"), related_name="supervisions"
    )
    decision_number = models.CharField(_("số quyết định thành lập Đoàn"), max_length=60, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    plan_number = models.CharField(_("số kế hoạch giám sát"), max_length=60, blank=True)
    plan_date = models.DateField(_("ngày kế hoạch"), null=True, blank=True)
    period_start = models.DateField(
        _("thời kỳ giám sát từ"), help_text=_("Ngày đầu của khoảng thời gian được giám sát.")
    )
    period_end = models.DateField(
        _("thời kỳ giám sát đến"), help_text=_("Ngày cuối của khoảng thời gian được giám sát.")
    )
    date = models.DateField(_("ngày giám sát"))
    place = models.CharField(_("địa điểm"), max_length=300, blank=True)
    follows_up = models.ForeignKey(
        "self",
        verbose_name=_("cuộc giám sát được tái giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        help_text=_("Với tái giám sát: cuộc giám sát trước có các kiến nghị cần kiểm tra."),
    )
    resolution = models.CharField(
        _("nghị quyết, kết luận được theo dõi"),
        max_length=300,
        blank=True,
        help_text=_("Ví dụ: Nghị quyết số 280/NQ-HĐND ngày 14/12/2022 của HĐND thành phố."),
    )
    unit_focal_point = models.CharField(
        _("đầu mối theo dõi của đơn vị"),
        max_length=300,
        blank=True,
        help_text=_("Người hoặc chức danh đơn vị giao theo dõi, tổng hợp."),
    )
    summary = models.TextField(_("tóm tắt"), blank=True)
    source = models.CharField(_("nguồn"), max_length=300, blank=True)
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người tạo"), null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = SupervisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("cuộc giám sát")
        verbose_name_plural = _("cuộc giám sát")
        ordering = ["-date", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(period_start__lte=models.F("period_end")), name="supervision_period"),
        ]

    def __str__(self):
        return self.title

    def allows(self, user, action: str) -> bool:
        """The object-level twin of ``for_user``: ``change`` for the body's supervision team."""
        if action != "change":
            raise ValueError(f"unknown action {action!r}")
        return self.body_id in access_for(user).body_ids

    @property
    def kind_badge(self) -> str:
        return SupervisionKind(self.kind).badge

    @property
    def head(self):
        return next((m for m in self.members.all() if m.role == MemberRole.HEAD), None)

    def findings_of(self, kind: str) -> list:
        return [f for f in self.findings.all() if f.kind == kind]

    @property
    def results(self):
        return self.findings_of(FindingKind.RESULT)

    @property
    def shortcomings(self):
        return self.findings_of(FindingKind.SHORTCOMING)

    @property
    def proposals(self):
        return self.findings_of(FindingKind.PROPOSAL)

    @property
    def conclusions(self):
        return self.findings_of(FindingKind.CONCLUSION)


class DelegationMember(models.Model):
    """A member of the delegation. Not necessarily a portal user: most are not."""

    supervision = models.ForeignKey(
        Supervision, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="members"
    )
    name = models.CharField(_("họ và tên"), max_length=200)
    position = models.CharField(_("chức vụ"), max_length=300, blank=True)
    role = models.CharField(_("vai trò trong Đoàn"), max_length=12, choices=MemberRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("tài khoản"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Để trống nếu người này không dùng cổng."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("thành viên Đoàn giám sát")
        verbose_name_plural = _("thành viên Đoàn giám sát")
        ordering = ["order", "pk"]
        constraints = [
            # One head per delegation.
            models.UniqueConstraint(
                fields=["supervision"], condition=Q(role=MemberRole.HEAD), name="delegation_one_head"
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.get_role_display()})"


class Finding(models.Model):
    """A result, a shortcoming (with its cause), a proposal of the unit or a
    conclusion of the delegation, in the order of the report."""

    supervision = models.ForeignKey(
        Supervision, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="findings"
    )
    kind = models.CharField(_("loại"), max_length=12, choices=FindingKind.choices)
    text = models.TextField(_("nội dung"))
    cause = models.TextField(_("nguyên nhân"), blank=True, help_text=_("Với hạn chế: nguyên nhân."))
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Để trống nếu chung cho cả cuộc giám sát."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)

    class Meta:
        verbose_name = _("nội dung kết quả giám sát")
        verbose_name_plural = _("nội dung kết quả giám sát")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


def upload_to(instance, filename: str) -> str:
    # The stored name is ours (random, extension from the detected type): the
    # uploaded name is kept only as a label, never used as a path.
    return f"supervision/{timezone.localdate():%Y/%m}/{filename}"


class StoredFile(models.Model):
    """Fields every uploaded file carries: what it is by content, its size, its name as uploaded."""

    file = models.FileField(_("tệp"), upload_to=upload_to, max_length=300)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("loại tệp"), max_length=100)
    size = models.PositiveIntegerField(_("dung lượng (byte)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class DocumentQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: the documents of the supervisions the user reads, but a
        document a ward sent (``unit``) only to that ward's clerks and to the
        supervision team; everything for a superuser."""
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        access = access_for(user)
        visible = self.filter(supervision__in=Supervision.objects.for_user(user))
        if access.is_superuser:
            return visible
        return visible.filter(
            Q(unit__isnull=True) | Q(unit_id__in=access.clerk_unit_ids) | Q(supervision__body_id__in=access.body_ids)
        )


class SupervisionDocument(StoredFile):
    """The decision, the plan, a unit's report, the result report…"""

    supervision = models.ForeignKey(
        Supervision, verbose_name=_("cuộc giám sát"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("loại tài liệu"), max_length=20, choices=DocumentKind.choices)
    title = models.CharField(_("trích yếu"), max_length=300, blank=True)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị gửi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Với báo cáo của đơn vị được giám sát."),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu giám sát")
        verbose_name_plural = _("tài liệu giám sát")
        ordering = ["kind", "pk"]


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: those of the user's bodies' supervisions and those
        addressed to the user's ward or body (everything for a superuser);
        ``progress``: those addressed to the user's ward or body; ``verify``:
        those of the supervisions of the user's bodies (the team alone)."""
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        addressed = Q(addressee_unit_id__in=access.clerk_unit_ids) | Q(addressee_body_id__in=access.body_ids)
        if action == "progress":
            return self.filter(addressed)
        if action == "verify":
            return self.filter(supervision__body_id__in=access.body_ids)
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        return self if access.is_superuser else self.filter(Q(supervision__body_id__in=access.body_ids) | addressed)

    def open(self):
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date):
        """Open with a deadline before ``today`` (the day in Việt Nam): late from
        the day after the deadline, never on it."""
        return self.open().filter(deadline__lt=today)

    def not_overdue(self, today: datetime.date):
        return self.exclude(pk__in=self.overdue(today).values("pk"))


class Recommendation(models.Model):
    supervision = models.ForeignKey(
        Supervision, verbose_name=_("cuộc giám sát"), on_delete=models.PROTECT, related_name="recommendations"
    )
    number = models.PositiveSmallIntegerField(_("số thứ tự"), default=1)
    text = models.TextField(_("nội dung kiến nghị"))
    addressee_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
        help_text=_("UBND của đơn vị hành chính này thực hiện kiến nghị."),
    )
    addressee_body = models.ForeignKey(
        SupervisingBody,
        verbose_name=_("cơ quan thực hiện"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    deadline = models.DateField(_("thời hạn"), null=True, blank=True, help_text=_("Để trống nếu không có thời hạn."))
    status = models.CharField(
        _("tình trạng"), max_length=12, choices=RecommendationStatus.choices, default=RecommendationStatus.NOT_STARTED
    )
    reason = models.TextField(
        _("lý do"), blank=True, help_text=_("Bắt buộc khi không thực hiện hoặc thực hiện phương án khác.")
    )
    verified_at = models.DateTimeField(_("xác minh lúc"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xác minh"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_demo = models.BooleanField(_("dữ liệu minh họa"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    updated_at = models.DateTimeField(_("sửa lúc"), auto_now=True)

    objects = RecommendationQuerySet.as_manager()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["supervision", "number", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(addressee_unit__isnull=False) & Q(addressee_body__isnull=True))
                | (Q(addressee_unit__isnull=True) & Q(addressee_body__isnull=False)),
                name="recommendation_one_addressee",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=REASON_REQUIRED) | ~Q(reason=""),
                name="recommendation_reason_when_declined",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline"])]

    def __str__(self):
        return f"{self.number}. {self.text[:80]}"

    def allows(self, user, action: str) -> bool:
        """The object-level twin of ``for_user``: ``progress`` for the addressee,
        ``verify`` for the supervision team of the body that made it."""
        access = access_for(user)
        if action == "progress":
            if self.addressee_unit_id:
                return self.addressee_unit_id in access.clerk_unit_ids
            return self.addressee_body_id in access.body_ids
        if action == "verify":
            return self.supervision.body_id in access.body_ids
        raise ValueError(f"unknown action {action!r}")

    @property
    def addressee(self):
        return self.addressee_unit or self.addressee_body

    @property
    def addressee_label(self) -> str:
        if self.addressee_unit_id:
            from wards.selectors import lower_type

            return _("UBND %(unit)s") % {"unit": lower_type(self.addressee_unit.name)}
        return str(self.addressee_body)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.is_open and self.deadline is not None and self.deadline < today

    @property
    def overdue(self) -> bool:
        return self.is_overdue()

    @property
    def status_badge(self) -> str:
        return RecommendationStatus(self.status).badge


class ProgressNote(models.Model):
    """What the addressee reports: done so far, with evidence. Written only by the addressee's clerks."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người báo cáo"), null=True, on_delete=models.SET_NULL
    )
    text = models.TextField(_("nội dung báo cáo"))
    status = models.CharField(_("tình trạng báo cáo"), max_length=12, choices=RecommendationStatus.choices)
    created_at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("báo cáo tiến độ")
        verbose_name_plural = _("báo cáo tiến độ")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:80]


class EvidenceQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: the evidence of the recommendations the user reads."""
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        return self.filter(note__recommendation__in=Recommendation.objects.for_user(user))


class Evidence(StoredFile):
    note = models.ForeignKey(
        ProgressNote, verbose_name=_("báo cáo tiến độ"), on_delete=models.CASCADE, related_name="evidence"
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        verbose_name = _("tài liệu kiểm chứng")
        verbose_name_plural = _("tài liệu kiểm chứng")
        ordering = ["pk"]


class Verification(models.Model):
    """The supervision team's verdict on a recommendation: on its own, or as
    part of a re-supervision (then ``supervision`` is the re-supervision)."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="verifications"
    )
    supervision = models.ForeignKey(
        Supervision,
        verbose_name=_("trong cuộc tái giám sát"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="verdicts",
    )
    status = models.CharField(_("kết luận"), max_length=12, choices=RecommendationStatus.choices)
    note = models.TextField(_("nhận xét"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người xác minh"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("xác minh kiến nghị")
        verbose_name_plural = _("xác minh kiến nghị")
        ordering = ["at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supervision", "recommendation"],
                condition=Q(supervision__isnull=False),
                name="one_verdict_per_resupervision",
            )
        ]

    def __str__(self):
        return f"{self.recommendation} → {self.get_status_display()}"

    @property
    def status_badge(self) -> str:
        return RecommendationStatus(self.status).badge


class RecommendationChange(models.Model):
    """The audit trail: who changed what on a recommendation, when, from what to what."""

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("kiến nghị"), on_delete=models.CASCADE, related_name="changes"
    )
    action = models.CharField(_("thao tác"), max_length=12, choices=ChangeAction.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người thực hiện"), null=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(_("lúc"), default=timezone.now)
    before = models.JSONField(_("trước"), default=dict)
    after = models.JSONField(_("sau"), default=dict)

    class Meta:
        verbose_name = _("lịch sử thay đổi kiến nghị")
        verbose_name_plural = _("lịch sử thay đổi kiến nghị")
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} – {self.at:%d/%m/%Y %H:%M}"

    @property
    def is_creation(self) -> bool:
        return self.action == ChangeAction.CREATED


class ReminderDigest(models.Model):
    """One reminder e-mail per person per day: the row is claimed before the
    mail goes out, so a second run the same day sends nothing."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("người nhận"), on_delete=models.CASCADE)
    day = models.DateField(_("ngày"))
    recommendations = models.ManyToManyField(Recommendation, verbose_name=_("kiến nghị"), related_name="+")
    sent_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thư nhắc hạn")
        verbose_name_plural = _("thư nhắc hạn")
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_day")]

    def __str__(self):
        return f"{self.user} {self.day}"
