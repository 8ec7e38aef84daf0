from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from onestop.models import Batch, DossierCount, Override, SystemAccount


@admin.register(SystemAccount)
class SystemAccountAdmin(admin.ModelAdmin):
    """Create the account here or with ``manage.py create_system_account`` (which also prints its token)."""

    list_display = ["name", "user", "illustrative", "is_active", "created_at"]
    list_filter = ["is_active", "illustrative"]
    raw_id_fields = ["user"]
    autocomplete_fields = ["units"]
    search_fields = ["name", "user__username"]


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["external_id", "account", "received_at", "row_count"]
    list_filter = ["account"]
    search_fields = ["external_id"]


@admin.register(DossierCount)
class DossierCountAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "procedure_code", "channel", "granularity", "day", "received", "resolved_on_time"]
    list_filter = ["channel", "granularity", "account"]
    raw_id_fields = ["unit", "batch"]
    list_select_related = ["unit"]


@admin.register(Override)
class OverrideAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["unit", "year", "quarter", "indicator", "system_value", "reported_value", "by", "at"]
    list_select_related = ["unit", "indicator", "by"]
    raw_id_fields = ["unit", "by"]
