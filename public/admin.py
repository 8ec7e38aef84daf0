from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from public.models import Publication


@admin.register(Publication)
class PublicationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The register of what was public when; publishing goes through /public/manage/ (public.services)."""

    list_display = ["kind", "target_label", "body", "published_at", "published_by", "withdrawn_at", "withdrawn_by"]
    list_filter = ["kind", "body"]
    date_hierarchy = "published_at"
