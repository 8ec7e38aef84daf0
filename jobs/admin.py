from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from jobs.models import Job


@admin.register(Job)
class JobAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["pk", "kind", "label", "status", "progress", "created_by", "created_at", "finished_at"]
    list_filter = ["kind", "status"]
