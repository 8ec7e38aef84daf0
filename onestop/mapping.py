"""Which catalogue indicators the system's counts cover, and how.

A row counts one unit, procedure and channel over a day or a month; a quarter's
indicators are sums over its rows (all flows: the catalogue's ``aggregation`` of
each is ``sum``). Rates (on time, fully online) are not sent: the portal derives
them from these counts as it does for typed ones.
"""

from onestop.choices import Channel

# The counts a row carries (its JSON fields) → the indicator each one is.
COUNT_FIELDS = {
    "received": "dossiers_received",
    "resolved_on_time": "dossiers_resolved_on_time",
    "resolved_late": "dossiers_resolved_late",
    "paid_online": "dossiers_paid_online",
}
# A row's ``received`` is also the count of its channel.
CHANNEL_INDICATORS = {
    Channel.DESK: "dossiers_at_desk",
    Channel.ONLINE_FULL: "dossiers_online_full",
    Channel.ONLINE_PARTIAL: "dossiers_online_partial",
    Channel.POSTAL: "dossiers_postal",
}
# Totals the catalogue defines as sums of other indicators (Indicator.components).
TOTALS = {
    "dossiers_resolved": ("dossiers_resolved_on_time", "dossiers_resolved_late"),
    "dossiers_online": ("dossiers_online_full", "dossiers_online_partial"),
}
# Every indicator the system's figures cover, in the order the pages list them.
COVERED = (
    "dossiers_received",
    "dossiers_resolved_on_time",
    "dossiers_resolved_late",
    "dossiers_resolved",
    "dossiers_online_full",
    "dossiers_online_partial",
    "dossiers_online",
    "dossiers_at_desk",
    "dossiers_postal",
    "dossiers_paid_online",
)


def indicator_sums(counts: dict[str, dict[str, int]]) -> dict[str, int]:
    """{indicator code: value} from summed counts per channel ({channel: {field: sum}})."""
    out = dict.fromkeys(COUNT_FIELDS.values(), 0)
    for sums in counts.values():
        for name, code in COUNT_FIELDS.items():
            out[code] += sums.get(name, 0)
    for channel, code in CHANNEL_INDICATORS.items():
        out[code] = counts.get(channel, {}).get("received", 0)
    for total, parts in TOTALS.items():
        out[total] = sum(out[p] for p in parts)
    return out
