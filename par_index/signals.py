"""Events of par_index other apps react to (the pages above cache rankings)."""

from django.dispatch import Signal

# Sent with framework_ids=[...] (and province_ids=[...] where the sender knows
# them) when the results of scope-years changed or are about to: a recompute
# finished, a scope-year marked stale (an approval, a score, a framework edited),
# an official ranking published or announced. Sent inside the transaction that
# wrote them; receivers act at once and on commit.
rankings_changed = Signal()
