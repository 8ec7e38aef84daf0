"""Admin screens for the catalogue of topics and for inspecting the follow-up.
Recommendations are read-only here: changes go through the pages or the API,
whose services write the audit trail."""

from django.contrib import admin

from supervision.models import (
    DelegationMember,
    Finding,
    Recommendation,
    RecommendationChange,
    ReminderDigest,
    Supervision,
    Topic,
)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "short_name"]


class MemberInline(admin.TabularInline):
    model = DelegationMember
    extra = 0


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0


@admin.register(Supervision)
class SupervisionAdmin(admin.ModelAdmin):
    list_display = ["date", "kind", "title", "body", "is_demo"]
    list_filter = ["kind", "body", "is_demo"]
    search_fields = ["title", "resolution"]
    inlines = [MemberInline, FindingInline]
    filter_horizontal = ["units"]


class ChangeInline(admin.TabularInline):
    model = RecommendationChange
    extra = 0
    can_delete = False
    readonly_fields = ["action", "by", "at", "before", "after"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Recommendation)
class RecommendationAdmin(admin.ModelAdmin):
    list_display = ["supervision", "number", "addressee_unit", "deadline", "status"]
    list_filter = ["status", "supervision__body"]
    inlines = [ChangeInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ReminderDigest)
class ReminderDigestAdmin(admin.ModelAdmin):
    list_display = ["day", "user", "sent_at"]
    list_filter = ["day"]
