from django.contrib import admin

from procedures.models import Field, Procedure


@admin.register(Field)
class FieldAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "name_en", "order"]
    search_fields = ["code", "name_vi"]


@admin.register(Procedure)
class ProcedureAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "field", "online_level", "online_payment", "is_active"]
    list_filter = ["field", "online_level", "online_payment", "is_active"]
    search_fields = ["code", "name"]
