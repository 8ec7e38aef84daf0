"""Recommendations and their follow-up until each is closed: progress notes with evidence, the
supervision team's verdicts, the audit of every change, the reminders sent."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import NOTE_CHARS, TEXT_CHARS
from supervision.choices import (
    OPEN_STATUSES,
    REASON_REQUIRED,
    ChangeAction,
    RecommendationStatus,
)
from supervision.models.supervisions import StoredFile, Supervision, team_or_admin
from wards.access import access_for
from wards.models import AdministrativeUnit, SupervisingBody


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: those of the user's bodies' supervisions and those
        addressed to the user's ward or body (everything for a superuser);
        ``progress``: those addressed to the user's ward or body; ``verify``:
        those of the supervisions of the user's bodies (the team alone)."""
        access = access_for(user)
        if not access.is_authenticated:
            return self.none()
        addressed = Q(addressee_unit_id__in=access.clerk_unit_ids) | Q(addressee_body_id__in=access.member_body_ids)
        if action == "progress":
            return self.filter(addressed)
        if action == "verify":
            return self.filter(supervision__body_id__in=access.supervisor_body_ids)
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        if access.is_superuser:
            return self
        return self.filter(Q(supervision__body_id__in=team_or_admin(access)) | addressed)

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
    text = models.TextField(_("nội dung kiến nghị"), max_length=TEXT_CHARS)
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
        _("lý do"),
        blank=True,
        max_length=NOTE_CHARS,
        help_text=_("Bắt buộc khi không thực hiện hoặc thực hiện phương án khác."),
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
            return self.addressee_body_id in access.member_body_ids
        if action == "verify":
            return self.supervision.body_id in access.supervisor_body_ids
        raise ValueError(f"unknown action {action!r}")

    @property
    def addressee(self):
        return self.addressee_unit or self.addressee_body

    @property
    def addressee_label(self) -> str:
        if self.addressee_unit_id:
            from core.names import lower_type

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
    text = models.TextField(_("nội dung báo cáo"), max_length=TEXT_CHARS)
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
    note = models.TextField(_("nhận xét"), blank=True, max_length=NOTE_CHARS)
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
