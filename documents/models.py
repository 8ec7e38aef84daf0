"""Drafted and issued documents of a supervision, and the Word template of each kind."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from documents.choices import PaperKind, PaperStatus
from supervision.models import Supervision
from wards.access import access_for


class ImmutableDocument(Exception):
    """An issued document was about to change."""


def paper_path(instance, filename: str) -> str:
    # Every generation gets files of its own: an issued file is never overwritten by a later draft.
    return f"documents/{timezone.localdate():%Y/%m}/{filename}"


class PaperQuerySet(models.QuerySet):
    def for_user(self, user, action: str = "view"):
        """``view``: issued documents of the supervisions the user reads, and
        drafts too for the supervision's team (and a superuser); ``change``
        (generate, issue): the team alone. Both in the words of
        Supervision.objects.for_user, the one access entry point of supervisions."""
        if action not in ("view", "change"):
            raise ValueError(f"unknown action {action!r}")
        team = Q(supervision__in=Supervision.objects.for_user(user, "change"))
        if action == "change":
            return self.filter(team)
        readable = self.filter(supervision__in=Supervision.objects.for_user(user))
        if access_for(user).is_superuser:
            return readable
        return readable.filter(Q(status=PaperStatus.ISSUED) | team)


class Paper(models.Model):
    """One generation of a document of a supervision: a draft (generated again
    at will: the same row, a new version) or an issued document (frozen)."""

    supervision = models.ForeignKey(
        Supervision, verbose_name=_("cuộc giám sát"), on_delete=models.PROTECT, related_name="papers"
    )
    kind = models.CharField(_("loại văn bản"), max_length=12, choices=PaperKind.choices)
    status = models.CharField(_("trạng thái"), max_length=8, choices=PaperStatus.choices, default=PaperStatus.DRAFT)
    version = models.PositiveIntegerField(_("lần soạn"), default=1)
    number = models.CharField(_("số, ký hiệu"), max_length=60, blank=True, help_text=_("Ví dụ: 12/BC-ĐGS."))
    issued_on = models.DateField(_("ngày văn bản"), null=True, blank=True)
    docx = models.FileField(_("tệp DOCX"), upload_to=paper_path, max_length=300)
    pdf = models.FileField(_("tệp PDF"), upload_to=paper_path, max_length=300)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    generated_at = models.DateTimeField(_("soạn lúc"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người ban hành"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("văn bản giám sát")
        verbose_name_plural = _("văn bản giám sát")
        ordering = ["supervision", "kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["supervision", "kind", "version"], name="paper_unique_version"),
            # One draft per kind at a time; issued documents accumulate.
            models.UniqueConstraint(
                fields=["supervision", "kind"], condition=Q(status="draft"), name="paper_one_draft_per_kind"
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (~Q(number="") & Q(issued_on__isnull=False) & Q(issued_at__isnull=False)),
                name="paper_issued_has_number_date",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number or _('(dự thảo)')}"

    def save(self, *args, **kwargs):
        # The last guard of "an issued document can no longer change": whatever
        # path reaches save() (service, admin, shell), a row already issued in
        # the database is refused.
        if self.pk and Paper.objects.filter(pk=self.pk, status=PaperStatus.ISSUED).exists():
            raise ImmutableDocument(f"document {self.pk} is issued and cannot change")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.pk and Paper.objects.filter(pk=self.pk, status=PaperStatus.ISSUED).exists():
            raise ImmutableDocument(f"document {self.pk} is issued and cannot be deleted")
        return super().delete(*args, **kwargs)

    @property
    def is_issued(self) -> bool:
        return self.status == PaperStatus.ISSUED

    @property
    def status_badge(self) -> str:
        return PaperStatus(self.status).badge


class PaperTemplate(models.Model):
    """A Word template that replaces the bundled one of its kind (documents/docx/<kind>.docx)."""

    kind = models.CharField(_("loại văn bản"), max_length=12, choices=PaperKind.choices, unique=True)
    file = models.FileField(_("tệp mẫu (.docx)"), upload_to="documents/templates/", max_length=300)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("tải lên lúc"), auto_now=True)

    class Meta:
        verbose_name = _("mẫu văn bản Word")
        verbose_name_plural = _("mẫu văn bản Word")
        ordering = ["kind"]

    def __str__(self):
        return self.get_kind_display()
