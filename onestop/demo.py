"""The demo's one-stop system: an account serving phường Xuất Hóa, marked
illustrative, with monthly counts of Quý I and Quý II/2024 made up for the demo
("minh họa" wherever they show). Quý I sets 110 online dossiers beside the 123
the ward reported (a gap beyond the tolerance, flagged on the profile); Quý II,
a quarter the ward has not reported yet, lets its clerk accept figures on the
entry form. Idempotent: a batch sent again is answered with its first result."""

from onestop.accounts import system_account_create
from onestop.ingest import ingest
from wards.choices import Level
from wards.models import BEFORE_REFORM_END, AdministrativeUnit

USERNAME = "hethong_motcua"
NAME = "Hệ thống một cửa điện tử (minh họa)"


def _rows(unit: str, months: list[str], plan: list[tuple]) -> list[dict]:
    rows = []
    for procedure, channel, series in plan:
        for month, counts in zip(months, series, strict=True):
            rows.append({"unit": unit, "procedure": procedure, "channel": channel, "period": month, **counts})
    return rows


Q1 = _rows(
    "01855",
    ["2024-01", "2024-02", "2024-03"],
    [
        ("HT-01", "online_full", [{"received": 30}, {"received": 28}, {"received": 32}]),
        ("HT-02", "online_partial", [{"received": 7}, {"received": 6}, {"received": 7}]),
        (
            "HT-07",
            "desk",
            [
                {"received": 150, "resolved_on_time": 160, "resolved_late": 2},
                {"received": 140, "resolved_on_time": 150, "resolved_late": 1},
                {"received": 160, "resolved_on_time": 170, "resolved_late": 3},
            ],
        ),
    ],
)
Q2 = _rows(
    "01855",
    ["2024-04", "2024-05", "2024-06"],
    [
        (
            "HT-01",
            "online_full",
            [
                {"received": 35, "paid_online": 20},
                {"received": 33, "paid_online": 22},
                {"received": 36, "paid_online": 25},
            ],
        ),
        ("HT-02", "online_partial", [{"received": 8}, {"received": 9}, {"received": 7}]),
        (
            "HT-07",
            "desk",
            [
                {"received": 140, "resolved_on_time": 170, "resolved_late": 3},
                {"received": 150, "resolved_on_time": 180, "resolved_late": 2},
                {"received": 145, "resolved_on_time": 175, "resolved_late": 4},
            ],
        ),
        ("HT-07", "postal", [{"received": 1}, {"received": 0}, {"received": 2}]),
    ],
)


def load_onestop_demo() -> None:
    xuat_hoa = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="01855", valid_to=BEFORE_REFORM_END)
    account = system_account_create(username=USERNAME, name=NAME, units=[xuat_hoa], illustrative=True)
    for batch_id, rows in (("minh-hoa-2024-q1", Q1), ("minh-hoa-2024-q2", Q2)):
        outcome = ingest(account=account, body={"batch_id": batch_id, "rows": rows})
        if outcome.status not in (200, 201):  # the demo's own data: a failure is a bug, say it loudly
            raise RuntimeError(f"onestop demo batch {batch_id}: {outcome.status} {outcome.body}")
