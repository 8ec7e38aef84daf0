from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _changed(sender=None, **kwargs) -> None:
    """A unit, a succession, a body or a membership changed: whose access and which page may show it."""
    from core import freshness

    freshness.bump()


class WardsConfig(AppConfig):
    name = "wards"
    verbose_name = _("Đơn vị hành chính")

    def ready(self):
        # Every user's access (wards.access.access_for) and every cached page (core.freshness)
        # rest on these rows: a change bumps the global generation, now and at its commit.
        from django.db.models.signals import post_delete, post_save

        from wards.models import AdministrativeUnit, Membership, SupervisingBody, UnitSuccession

        for model in (AdministrativeUnit, UnitSuccession, SupervisingBody, Membership):
            name = model.__name__
            post_save.connect(_changed, sender=model, dispatch_uid=f"wards.{name}_saved")
            post_delete.connect(_changed, sender=model, dispatch_uid=f"wards.{name}_deleted")
