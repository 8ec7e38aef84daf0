import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wards.choices import ROLE_BODY_KINDS, BodyKind, Level, Role, SuccessionKind

# The day the two-tier reform took effect: districts ended, provinces and
# communes merged (Nghị quyết 202/2025/QH15 and 1654–1687/NQ-UBTVQH15).
REFORM_DATE = datetime.date(2025, 7, 1)
BEFORE_REFORM_END = REFORM_DATE - datetime.timedelta(days=1)
# The unit type of a ward (phường), as the official lists write it; rankings put wards apart from communes.
WARD_TYPE = "Phường"


class UnitQuerySet(models.QuerySet):
    """Every question about the hierarchy and the validity of units is answered
    here, once: the 2025 reform put communes directly under provinces, so "the
    communes under a unit" is the unit itself (a commune), its children, or
    its grandchildren (through a district, before the reform)."""

    def valid_on(self, day: datetime.date):
        return self.existed_during(day, day)

    def existed_during(self, start: datetime.date, end: datetime.date):
        """Units valid on at least one day from ``start`` to ``end`` (a quarter, a year)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=end)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=start)
        )

    def communes(self):
        return self.filter(level=Level.COMMUNE)

    def under(self, unit: "AdministrativeUnit | int"):
        """Units below ``unit`` (children and grandchildren), not the unit itself."""
        return self.filter(Q(parent=unit) | Q(parent__parent=unit))

    def communes_under(self, unit: "AdministrativeUnit | int"):
        """The commune-level units a body at ``unit`` looks after: a province's
        or a district's communes, directly under it or through a district; for
        a commune, the commune itself."""
        return self.filter(Q(pk=getattr(unit, "pk", unit)) | Q(parent=unit) | Q(parent__parent=unit)).communes()

    def for_user(self, user, action):
        """The units on which ``user`` may do ``action`` (a wards.access.Do)."""
        from wards.access import restrict

        return restrict(self, user, action, "pk")

    def subtrees(self, root_ids) -> dict[int, set[int]]:
        """{root id: ids of the root and every unit below it} in one query."""
        root_ids = set(root_ids)
        out: dict[int, set[int]] = {root: {root} for root in root_ids}
        # Children, and children of children, each found through the parent index
        # and without joining the table to itself: "parent__parent_id IN roots"
        # made PostgreSQL hash-join the whole table (16 ms over the country's
        # 14.000 units, on every page a body's member opens). The children are
        # among the rows, so a grandchild's root is its parent's.
        children = AdministrativeUnit.objects.filter(parent_id__in=root_ids).values("pk")
        rows = list(self.filter(Q(parent_id__in=root_ids) | Q(parent_id__in=children)).values_list("pk", "parent_id"))
        root_of = {pk: parent for pk, parent in rows if parent in out}
        for pk, parent in rows:
            for root in (parent, root_of.get(parent)):
                if root in out:
                    out[root].add(pk)
        return out


class AdministrativeUnit(models.Model):
    """A province, district or commune-level unit over a span of dates.

    The official code names a unit only within its validity span: the 2025
    reform reused codes (01843 is Phùng Chí Kiên until 30/06/2025, phường Bắc
    Kạn after), so the primary key is a surrogate and a (code, date) pair
    finds one unit.
    """

    code = models.CharField(_("mã đơn vị hành chính"), max_length=5, db_index=True)
    name = models.CharField(_("tên"), max_length=120)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    unit_type = models.CharField(
        _("loại"), max_length=40, blank=True, help_text=_("Phường, Xã, Thị trấn, Đặc khu, Huyện, Tỉnh…")
    )
    parent = models.ForeignKey(
        "self", verbose_name=_("trực thuộc"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True, help_text=_("Để trống nếu không rõ."))
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True, help_text=_("Để trống nếu còn hiệu lực."))

    objects = UnitQuerySet.as_manager()

    class Meta:
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            # A code is unique among the units of one level starting on one day.
            models.UniqueConstraint(
                fields=["level", "code", "valid_from"],
                condition=Q(valid_from__isnull=False),
                name="unit_unique_code_from",
            ),
            models.UniqueConstraint(
                fields=["level", "code"], condition=Q(valid_from__isnull=True), name="unit_unique_code_open_start"
            ),
            models.CheckConstraint(
                condition=Q(valid_from__isnull=True)
                | Q(valid_to__isnull=True)
                | Q(valid_from__lte=models.F("valid_to")),
                name="unit_valid_span",
            ),
        ]
        indexes = [models.Index(fields=["level", "parent"])]

    def __str__(self):
        return self.name

    def is_valid_on(self, day: datetime.date) -> bool:
        return self.existed_during(day, day)

    def existed_during(self, start: datetime.date, end: datetime.date) -> bool:
        """Valid on at least one day from ``start`` to ``end``: the object-level twin of the queryset's."""
        return (self.valid_from is None or self.valid_from <= end) and (self.valid_to is None or self.valid_to >= start)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None

    @property
    def is_ward(self) -> bool:
        return self.unit_type == WARD_TYPE or self.name.startswith(WARD_TYPE + " ")


class UnitSuccession(models.Model):
    """An old unit went into a new one, in full or in part, on ``effective``."""

    predecessor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị cũ"), on_delete=models.CASCADE, related_name="successions"
    )
    successor = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("đơn vị mới"), on_delete=models.CASCADE, related_name="predecessions"
    )
    kind = models.CharField(_("hình thức"), max_length=10, choices=SuccessionKind.choices)
    effective = models.DateField(_("ngày hiệu lực"), default=REFORM_DATE)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["predecessor", "successor"], name="succession_unique_pair")]

    def __str__(self):
        return f"{self.predecessor} → {self.successor} ({self.get_kind_display()})"

    @property
    def is_full(self) -> bool:
        return self.kind == SuccessionKind.FULL


class SupervisingBody(models.Model):
    """A body whose people work on the units under ``unit``: an HĐND that
    supervises them (of a city before 2025, of a province, of a commune after
    the reform), the UBND that receives and accepts their figures, the
    province's Sở Nội vụ that appraises their PAR scores. (The model kept its
    first name; "cơ quan" is what it is.)"""

    name = models.CharField(_("tên cơ quan"), max_length=200)
    short_name = models.CharField(
        _("tên viết tắt"), max_length=40, blank=True, help_text=_("Dùng trong số hiệu văn bản.")
    )
    kind = models.CharField(_("loại"), max_length=10, choices=BodyKind.choices, default=BodyKind.HDND)
    unit = models.ForeignKey(
        AdministrativeUnit, verbose_name=_("cấp hành chính"), on_delete=models.PROTECT, related_name="bodies"
    )
    valid_from = models.DateField(_("hoạt động từ"), null=True, blank=True)
    valid_to = models.DateField(_("hoạt động đến"), null=True, blank=True)

    class Meta:
        verbose_name = _("cơ quan")
        verbose_name_plural = _("cơ quan")
        constraints = [models.UniqueConstraint(fields=["name", "unit"], name="body_unique_name_unit")]

    def __str__(self):
        return self.name

    def supervised_units(self):
        """The commune-level units under the body: all of a province's or a
        district's; for a commune's own HĐND (after 2025), the commune itself."""
        return AdministrativeUnit.objects.communes_under(self.unit_id)


class Membership(models.Model):
    """Who works where, in which role. A clerk belongs to a commune-level unit;
    every other role belongs to a body of the kind that does that work
    (ROLE_BODY_KINDS: a reviewer to a UBND, an appraiser to a Sở Nội vụ, a
    supervisor to an HĐND; an admin to any) and acts on the units under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("người dùng"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)
    unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    body = models.ForeignKey(
        SupervisingBody,
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    title = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.CheckConstraint(
                condition=(Q(role=Role.CLERK) & Q(unit__isnull=False) & Q(body__isnull=True))
                | (~Q(role=Role.CLERK) & Q(body__isnull=False) & Q(unit__isnull=True)),
                name="membership_role_target",
            ),
            models.UniqueConstraint(fields=["user", "role", "unit", "body"], name="membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.unit or self.body}"

    def clean(self):
        kinds = ROLE_BODY_KINDS.get(self.role)
        if kinds and self.body_id and self.body.kind not in kinds:
            raise ValidationError(
                {
                    "body": _("Vai trò “%(role)s” thuộc về %(kinds)s, không thuộc %(body)s.")
                    % {
                        "role": self.get_role_display(),
                        "kinds": ", ".join(str(BodyKind(k).label) for k in kinds),
                        "body": self.body.name,
                    }
                }
            )
