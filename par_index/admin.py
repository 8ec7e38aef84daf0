from django.contrib import admin

from par_index.models import Band, Criterion, Framework, RecomputeRun, RecomputeState, Score


class BandInline(admin.TabularInline):
    model = Band
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "province", "year", "status", "cohort_mode", "is_example"]
    list_filter = ["status", "year"]
    inlines = [BandInline]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "framework", "part", "max_points", "method", "rule"]
    list_filter = ["framework", "part", "method"]


@admin.register(Score)
class ScoreAdmin(admin.ModelAdmin):
    list_display = ["unit", "criterion", "self_points", "appraised_points", "updated_at"]
    list_select_related = ["unit", "criterion"]
    raw_id_fields = ["unit", "criterion"]


@admin.register(RecomputeRun)
class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = ["framework", "trigger", "started_at", "finished_at", "rows", "error"]
    readonly_fields = [f.name for f in RecomputeRun._meta.fields]


@admin.register(RecomputeState)
class RecomputeStateAdmin(admin.ModelAdmin):
    list_display = ["framework", "stale", "generation", "marked_at", "claimed_at", "reason"]
