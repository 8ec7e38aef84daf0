"""Reads of the indicator catalogue: what a ward reports, how it is checked."""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from digital_metrics.models import Indicator, IndicatorRelation


def catalogue() -> list[Indicator]:
    """Active indicators with their components, in display order (3 queries)."""
    return list(
        Indicator.objects.filter(is_active=True)
        .select_related("numerator", "denominator")
        .prefetch_related(Prefetch("components", queryset=Indicator.objects.only("pk", "code")))
        .order_by("order", "code")
    )


def relations() -> list[IndicatorRelation]:
    """The validation rules between indicators (2 queries)."""
    return list(IndicatorRelation.objects.select_related("whole").prefetch_related("parts"))


@dataclass
class Catalogue:
    """The catalogue loaded once for a batch of reads or writes (5 queries)."""

    indicators: list[Indicator] = field(default_factory=catalogue)
    relations: list[IndicatorRelation] = field(default_factory=relations)

    def __post_init__(self):
        self.by_code = {i.code: i for i in self.indicators}
        self.code_of = {i.pk: i.code for i in self.indicators}
        self.entered = [i for i in self.indicators if i.is_entered]
