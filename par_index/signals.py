"""Events of par_index other apps react to (the pages above cache rankings)."""

from django.dispatch import Signal

# Sent with framework_ids=[...] when the results of scope-years changed: a
# recompute finished, an official ranking was published or announced. Sent
# inside the transaction that wrote them; receivers act on commit.
rankings_changed = Signal()
