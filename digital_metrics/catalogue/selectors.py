"""Reads of the indicator catalogue: what a ward reports, how it is checked."""

from dataclasses import dataclass, field

from django.db import connection
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


# Every row of the tables a Catalogue is built from, as text, hashed in one statement.
_CONTENT_SQL = "SELECT md5(concat_ws('|', {}))".format(
    ", ".join(
        f"(SELECT string_agg(t::text, ';' ORDER BY t.id) FROM {table} t)"  # noqa: S608 - names from the models
        for table in (
            Indicator._meta.db_table,
            Indicator.components.through._meta.db_table,
            IndicatorRelation._meta.db_table,
            IndicatorRelation.parts.through._meta.db_table,
        )
    )
)
_built: dict[tuple[str, str], Catalogue] = {}


def current_catalogue() -> Catalogue:
    """The Catalogue for one report's write, read-only. On PostgreSQL it is built
    once per content of the catalogue's tables, as this transaction sees them (1
    query: a hash of every row), instead of 5 queries and ~120 model instances on
    every save and submission (a quarter of a save's time). An indicator or a
    relation changed, even uncommitted or rolled back, is another content, so
    another Catalogue. Elsewhere (SQLite) it is built afresh."""
    if connection.vendor != "postgresql":
        return Catalogue()
    key = (connection.alias, _content())
    cat = _built.get(key)
    if cat is None:
        cat = Catalogue()
        # Kept only if no other transaction committed a change while its 5 queries ran.
        if _content() == key[1]:
            _built.clear()  # only the catalogue as it is now is worth keeping
            _built[key] = cat
    return cat


def _content() -> str:
    with connection.cursor() as cursor:
        cursor.execute(_CONTENT_SQL)
        return cursor.fetchone()[0]
