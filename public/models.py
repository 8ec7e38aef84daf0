"""A publication: a body marks something as public, with who and when; withdrawing
it keeps the row (who withdrew it, when), so the register says what was public when."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from public.choices import PublicationKind


class PublicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(withdrawn_at__isnull=True)


class Publication(models.Model):
    body = models.ForeignKey(
        "wards.SupervisingBody", verbose_name=_("cơ quan công bố"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("nội dung công bố"), max_length=12, choices=PublicationKind.choices)
    supervision = models.ForeignKey(
        "supervision.Supervision",
        verbose_name=_("cuộc giám sát"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    paper = models.ForeignKey(
        "documents.Paper", verbose_name=_("văn bản"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ranking = models.ForeignKey(
        "par_index.OfficialRanking",
        verbose_name=_("kết quả xếp hạng chính thức"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm số liệu"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người công bố"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công bố lúc"))
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("nội dung công khai")
        verbose_name_plural = _("nội dung công khai")
        ordering = ["-published_at", "-pk"]
        constraints = [
            # Each kind names exactly its own target.
            models.CheckConstraint(
                condition=(
                    Q(kind=PublicationKind.SUPERVISION, supervision__isnull=False, paper__isnull=True)
                    & Q(ranking__isnull=True, year__isnull=True)
                )
                | (
                    Q(kind=PublicationKind.PAPER, paper__isnull=False, supervision__isnull=True)
                    & Q(ranking__isnull=True, year__isnull=True)
                )
                | (
                    Q(kind=PublicationKind.FIGURES, year__isnull=False, supervision__isnull=True)
                    & Q(paper__isnull=True, ranking__isnull=True)
                )
                | (
                    Q(kind=PublicationKind.RANKING, ranking__isnull=False, supervision__isnull=True)
                    & Q(paper__isnull=True, year__isnull=True)
                ),
                name="publication_kind_target",
            ),
            # One live publication of a thing by a body (a withdrawn one may be published again).
            *[
                models.UniqueConstraint(
                    fields=["body", target],
                    condition=Q(kind=kind, withdrawn_at__isnull=True),
                    name=f"publication_one_live_{kind}",
                )
                for kind, target in (
                    (PublicationKind.SUPERVISION, "supervision"),
                    (PublicationKind.PAPER, "paper"),
                    (PublicationKind.FIGURES, "year"),
                    (PublicationKind.RANKING, "ranking"),
                )
            ],
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.target_label}"

    @property
    def target_label(self) -> str:
        if self.kind == PublicationKind.FIGURES:
            return str(self.year)
        return str(self.supervision or self.paper or self.ranking)

    @property
    def is_live(self) -> bool:
        return self.withdrawn_at is None
