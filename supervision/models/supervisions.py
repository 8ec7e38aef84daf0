"""Supervisions: who supervised what, when, with which delegation, what they found, and their documents."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.limits import TEXT_CHARS
from supervision.choices import (
    DocumentKind,
    FindingKind,
    MemberRole,
    SupervisionKind,
)
from wards.access import access_for
from wards.choices import Role
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


def team_or_admin(access) -> frozenset[int]:
    """The bodies whose supervisions the user reads in full: as their supervision team or their admin."""
    return access.supervisor_body_ids | access.bodies_as(Role.ADMIN)


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
            return self.filter(body_id__in=access.supervisor_body_ids)
        if action != "view":
            raise ValueError(f"unknown action {action!r}")
        if access.is_superuser:
            return self
        from supervision.models.recommendations import Recommendation

        addressed = Recommendation.objects.filter(supervision=OuterRef("pk")).filter(
            Q(addressee_unit_id__in=access.clerk_unit_ids) | Q(addressee_body_id__in=access.member_body_ids)
        )
        covered = Supervision.units.through.objects.filter(
            supervision_id=OuterRef("pk"), administrativeunit_id__in=access.clerk_unit_ids
        )
        return self.filter(Q(body_id__in=team_or_admin(access)) | Exists(covered) | Exists(addressed))


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
    summary = models.TextField(_("tóm tắt"), blank=True, max_length=TEXT_CHARS)
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
        return self.body_id in access_for(user).supervisor_body_ids

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
    text = models.TextField(_("nội dung"), max_length=TEXT_CHARS)
    cause = models.TextField(
        _("nguyên nhân"), blank=True, max_length=TEXT_CHARS, help_text=_("Với hạn chế: nguyên nhân.")
    )
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
            Q(unit__isnull=True)
            | Q(unit_id__in=access.clerk_unit_ids)
            | Q(supervision__body_id__in=team_or_admin(access))
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
