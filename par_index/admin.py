from django.contrib import admin

from core.admin_mixins import ReadOnlyAdminMixin
from par_index.models import Band, Criterion, Framework, RecomputeRun, RecomputeState, Score, ScoreChange


class ReadOnlyAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Frameworks, criteria and scores change through the portal's own pages,
    whose services keep published frameworks immutable, mark the rankings
    stale and audit every score."""


class BandInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Band
    extra = 0


@admin.register(Framework)
class FrameworkAdmin(ReadOnlyAdmin):
    list_display = ["name", "province", "year", "status", "cohort_mode", "is_example"]
    list_filter = ["status", "year"]
    inlines = [BandInline]


@admin.register(Criterion)
class CriterionAdmin(ReadOnlyAdmin):
    list_display = ["code", "title", "framework", "part", "max_points", "method", "rule"]
    list_filter = ["framework", "part", "method"]


@admin.register(Score)
class ScoreAdmin(ReadOnlyAdmin):
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


@admin.register(ScoreChange)
class ScoreChangeAdmin(ReadOnlyAdmin):
    list_display = ["at", "by", "score", "field", "before", "after"]
    list_select_related = ["by", "score__unit", "score__criterion"]
