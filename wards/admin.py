from django.contrib import admin

from wards.models import AdministrativeUnit, Membership, SupervisingBody, UnitSuccession


class SuccessionInline(admin.TabularInline):
    model = UnitSuccession
    fk_name = "predecessor"
    extra = 0
    raw_id_fields = ["successor"]


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "unit_type", "parent", "valid_from", "valid_to"]
    list_filter = ["level", "valid_to", "valid_from"]
    search_fields = ["code", "name"]
    raw_id_fields = ["parent"]
    list_select_related = ["parent"]
    inlines = [SuccessionInline]


@admin.register(SupervisingBody)
class SupervisingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "unit", "kind", "valid_from", "valid_to"]
    raw_id_fields = ["unit"]
    search_fields = ["name"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "unit", "body", "title"]
    list_filter = ["role"]
    raw_id_fields = ["user", "unit", "body"]
    search_fields = ["user__username", "unit__name", "body__name"]
