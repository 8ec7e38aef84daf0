from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from exports.models import ExportLog


@admin.register(ExportLog)
class ExportLogAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["at", "actor", "dataset", "format", "scope", "rows", "channel"]
    list_filter = ["dataset", "format", "channel"]
