from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from digital_metrics.models import Indicator, IndicatorRelation, QuarterlyReport, ReportValue, Target


class TargetInline(admin.TabularInline):
    model = Target
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["code", "name_vi", "section", "value_type", "aggregation", "numerator", "denominator", "is_active"]
    list_filter = ["section", "value_type", "aggregation", "is_active"]
    search_fields = ["code", "name_vi", "name_en"]
    filter_horizontal = ["components"]
    inlines = [TargetInline]


@admin.register(IndicatorRelation)
class IndicatorRelationAdmin(admin.ModelAdmin):
    list_display = ["__str__", "kind", "note"]
    filter_horizontal = ["parts"]


class ReportValueInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = ReportValue
    extra = 0
    raw_id_fields = ["indicator"]


@admin.register(QuarterlyReport)
class QuarterlyReportAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Browse only: reports change through the entry form, the Excel import and
    the API (digital_metrics/reports/services.py)."""

    list_display = ["unit", "year", "quarter", "status", "version", "origin"]
    list_filter = ["status", "origin", "year", "quarter"]
    search_fields = ["unit__name", "unit__code"]
    raw_id_fields = ["unit", "updated_by"]
    list_select_related = ["unit"]
    inlines = [ReportValueInline]
