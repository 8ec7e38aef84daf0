"""The demo: Bắc Kạn province as it stood in 2022–2024, Xuất Hóa's real
figures, generated figures (marked as demo) for the other communes, accounts.

Idempotent: whatever exists is left as it is, so a second run changes nothing.
"""

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from demo import par, seed
from demo.entry import load_entry_demo
from demo.publications import load_publications
from demo.supervision import load_supervisions
from digital_metrics.choices import Bound, Origin, ReportStatus, ValueType
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from digital_metrics.periods import Quarter, quarters_between
from digital_metrics.reports.state import deadline
from onestop.demo import load_onestop_demo
from wards.choices import BodyKind, Level, Role
from wards.models import BEFORE_REFORM_END, REFORM_DATE, AdministrativeUnit, Membership, SupervisingBody
from wards.services import import_units

DEMO_PASSWORD = "demo"  # noqa: S105 - demo accounts only, printed by make run
FIRST_QUARTER = Quarter(2022, 1)
LAST_APPROVED_QUARTER = Quarter(2024, 1)  # the article's time: April 2024

# The bodies of the demo: who supervises (HĐND), who accepts the wards' figures
# (the city's UBND, through its Phòng Nội vụ), who appraises PAR scores (the
# province's Sở Nội vụ). (key, name, kind, unit level and code, valid until)
HDND_CITY, UBND_CITY, SNV_PROVINCE = "hdnd_city", "ubnd_city", "snv_province"
DEMO_BODIES = [
    (HDND_CITY, "HĐND thành phố Bắc Kạn", BodyKind.HDND, Level.DISTRICT, seed.CITY_CODE),
    (UBND_CITY, "UBND thành phố Bắc Kạn", BodyKind.UBND, Level.DISTRICT, seed.CITY_CODE),
    (SNV_PROVINCE, "Sở Nội vụ tỉnh Bắc Kạn", BodyKind.SNV, Level.PROVINCE, seed.PROVINCE_CODE),
]

DEMO_ACCOUNTS = [
    # username, full name, role, body key or ward code, title
    ("admin", "Quản trị hệ thống", Role.ADMIN, HDND_CITY, "Quản trị hệ thống"),
    ("giamsat", "Tổ giúp việc Đoàn giám sát", Role.SUPERVISOR, HDND_CITY, "Thành viên Đoàn giám sát HĐND thành phố"),
    ("noivu_thanhpho", "Phòng Nội vụ thành phố Bắc Kạn", Role.REVIEWER, UBND_CITY, "Chuyên viên Phòng Nội vụ"),
    ("thamdinh_snv", "Hội đồng thẩm định Sở Nội vụ", Role.APPRAISER, SNV_PROVINCE, "Thành viên Hội đồng thẩm định"),
    (
        "canbo_xuathoa",
        "Cán bộ một cửa phường Xuất Hóa",
        Role.CLERK,
        seed.XUAT_HOA_CODE,
        "Công chức Văn phòng – Thống kê",
    ),
    ("canbo_songcau", "Cán bộ một cửa phường Sông Cầu", Role.CLERK, seed.SONG_CAU_CODE, "Công chức một cửa"),
    ("canbo_phungchikien", "Cán bộ một cửa phường Phùng Chí Kiên", Role.CLERK, "01843", "Công chức một cửa"),
]


@dataclass
class DemoSummary:
    units_created: int = 0
    reports_created: int = 0
    values_created: int = 0
    users_created: list[str] = field(default_factory=list)


def old_unit(level: str, code: str) -> AdministrativeUnit:
    """A unit as it stood before the 2025 reform."""
    return AdministrativeUnit.objects.get(level=level, code=code, valid_to=BEFORE_REFORM_END)


def province_communes() -> list[AdministrativeUnit]:
    province = old_unit(Level.PROVINCE, seed.PROVINCE_CODE)
    return list(AdministrativeUnit.objects.under(province).communes().order_by("code"))


@transaction.atomic
def load_demo() -> DemoSummary:
    summary = DemoSummary()
    summary.units_created = import_units().created
    summary.users_created = _accounts(_bodies())
    _other_bodies()
    indicators = {i.code: i for i in Indicator.objects.all()}
    communes = province_communes()
    existing = set(QuarterlyReport.objects.filter(unit__in=communes).values_list("unit_id", "year", "quarter"))
    new_reports: list[QuarterlyReport] = []
    pending_values: list[tuple[QuarterlyReport, dict]] = []
    for unit in communes:
        for quarter, values, origin, status in _unit_plan(unit):
            if (unit.pk, quarter.year, quarter.quarter) in existing:
                continue
            report = QuarterlyReport(
                unit=unit,
                year=quarter.year,
                quarter=quarter.quarter,
                status=status,
                origin=Origin.SEED if origin in (Origin.SEED, Origin.SPLIT) else origin,
                note=seed.SEED_NOTE if origin in (Origin.SEED, Origin.SPLIT) else "",
                # Accepted on the quarter's deadline, so that "as of a day" views
                # (?on=2024-04-24) have a date to go by; by nobody in particular.
                approved_at=_accepted_at(quarter) if status == ReportStatus.APPROVED else None,
            )
            new_reports.append(report)
            pending_values.append((report, values, origin))
    QuarterlyReport.objects.bulk_create(new_reports, batch_size=1000)
    if new_reports and new_reports[0].pk is None:  # backends that return no ids
        ids = {(r.unit_id, r.year, r.quarter): r.pk for r in QuarterlyReport.objects.filter(unit__in=communes)}
        for r in new_reports:
            r.pk = ids[(r.unit_id, r.year, r.quarter)]
    rows = []
    for report, values, origin in pending_values:
        for code, raw in values.items():
            ind = indicators[code]
            bound = Bound.EXACT
            if isinstance(raw, tuple):
                raw, bound = raw
            if ind.value_type == ValueType.TEXT:
                rows.append(ReportValue(report=report, indicator=ind, text_value=raw, origin=origin))
            else:
                rows.append(ReportValue(report=report, indicator=ind, value=Decimal(raw), bound=bound, origin=origin))
    ReportValue.objects.bulk_create(rows, batch_size=5000)
    summary.reports_created = len(new_reports)
    summary.values_created = len(rows)
    par.load_par_demo()
    load_supervisions()
    load_entry_demo()
    load_onestop_demo()
    load_publications()
    return summary


def _other_bodies() -> None:
    """Supervising bodies exist at every level: the province's HĐND before the
    reform, and after it the HĐND of the new phường Bắc Kạn (code 01843 reused),
    which took over the area that HĐND thành phố Bắc Kạn supervised."""
    province = old_unit(Level.PROVINCE, seed.PROVINCE_CODE)
    SupervisingBody.objects.get_or_create(
        name="HĐND tỉnh Bắc Kạn", unit=province, defaults={"short_name": "HĐND", "valid_to": BEFORE_REFORM_END}
    )
    new_ward = AdministrativeUnit.objects.get(level=Level.COMMUNE, code="01843", valid_from=REFORM_DATE)
    SupervisingBody.objects.get_or_create(
        name="HĐND phường Bắc Kạn", unit=new_ward, defaults={"short_name": "HĐND", "valid_from": REFORM_DATE}
    )


def _bodies() -> dict[str, SupervisingBody]:
    out = {}
    for key, name, kind, level, code in DEMO_BODIES:
        out[key], _ = SupervisingBody.objects.get_or_create(
            name=name,
            unit=old_unit(level, code),
            defaults={"short_name": name.split(" ")[0], "kind": kind, "valid_to": BEFORE_REFORM_END},
        )
    return out


def _accounts(bodies: dict[str, SupervisingBody]) -> list[str]:
    User = get_user_model()
    created = []
    for username, full_name, role, target, title in DEMO_ACCOUNTS:
        user, was_created = User.objects.get_or_create(username=username, defaults={"first_name": full_name})
        if was_created:
            user.set_password(DEMO_PASSWORD)
            if username == "admin":
                user.is_staff = user.is_superuser = True
            user.save()
            created.append(username)
        if target in bodies:
            Membership.objects.get_or_create(user=user, role=role, body=bodies[target], defaults={"title": title})
        else:
            unit = old_unit(Level.COMMUNE, target)
            Membership.objects.get_or_create(user=user, role=role, unit=unit, defaults={"title": title})
    return created


def _accepted_at(quarter: Quarter) -> datetime.datetime:
    """The demo's acceptance time of a quarter: its reporting deadline, at 17:00."""
    return timezone.make_aware(datetime.datetime.combine(deadline(quarter), datetime.time(17, 0)))


def _unit_plan(unit: AdministrativeUnit):
    """(quarter, values, origin of its values, status) for every quarter of the demo."""
    quarters = quarters_between(FIRST_QUARTER, LAST_APPROVED_QUARTER)
    generated = _generated(unit, quarters)
    for quarter in quarters:
        values = generated[quarter]
        origin = Origin.DEMO
        if unit.code == seed.XUAT_HOA_CODE and quarter.year >= 2023:
            values = _xuat_hoa_values(quarter)
            origin = Origin.SPLIT if quarter.year == 2023 else Origin.SEED
        yield quarter, values, origin, ReportStatus.APPROVED
    if unit.code == seed.SONG_CAU_CODE:
        # A draft of the next quarter, so that drafts and their privacy can be seen.
        q = LAST_APPROVED_QUARTER.next()
        yield q, _generated(unit, [q])[q], Origin.DEMO, ReportStatus.DRAFT


def _xuat_hoa_values(quarter: Quarter) -> dict:
    if quarter.year == 2023:
        return {code: parts[quarter.quarter - 1] for code, parts in seed.XUAT_HOA_2023.items()}
    if quarter == Quarter(2024, 1):
        return dict(seed.XUAT_HOA_2024_Q1)
    return {}


def _generated(unit: AdministrativeUnit, quarters: list[Quarter]) -> dict[Quarter, dict]:
    """Plausible figures, stable for a unit (seeded by its code), improving over time."""
    rng = random.Random(f"demo-{unit.code}")
    is_ward = unit.unit_type == "Phường"
    households0 = rng.randint(900, 2400) if is_ward else rng.randint(350, 1200)
    intake0 = rng.randint(110, 260) if is_ward else rng.randint(40, 140)
    if unit.code == seed.XUAT_HOA_CODE:
        # Xuất Hóa's generated 2022 stays near its real size: 831 households in
        # 2024, about 150 dossiers resolved a quarter in 2023.
        households0, intake0 = 815, 145
    digital_skill = rng.uniform(0.6, 1.4)  # how fast this unit goes online
    out: dict[Quarter, dict] = {}
    for quarter in quarters:
        t = (quarter.year - 2022) * 4 + quarter.quarter - 1  # quarters since 2022
        progress = min(1.0, t / 12 * digital_skill)
        received = max(5, int(intake0 * rng.uniform(0.85, 1.15)))
        full = int(received * (0.03 + 0.30 * progress) * rng.uniform(0.8, 1.2))
        partial = int(received * (0.08 + 0.25 * progress) * rng.uniform(0.8, 1.2))
        postal = rng.choice([0, 0, 0, 1, 2]) if received - full - partial > 2 else 0
        desk = received - full - partial - postal
        resolved = max(0, received + rng.randint(-5, 5))
        late = min(resolved, int(resolved * rng.uniform(0.0, 0.06 * (1 - progress / 2))))
        copies = rng.randint(25, 90) if is_ward else rng.randint(10, 45)
        if unit.code == seed.XUAT_HOA_CODE:
            copies = rng.randint(45, 60)
        electronic = min(copies, int(copies * (0.15 + 0.55 * progress) * rng.uniform(0.8, 1.2)))
        households = int(households0 * (1 + 0.004 * t))
        with_phone = min(households, int(households * (0.82 + 0.14 * progress)))
        without = households - with_phone
        poor = min(without, int(without * rng.uniform(0.1, 0.35)))
        near_poor = min(without - poor, int(without * rng.uniform(0.0, 0.15)))
        values = {
            "dossiers_received": received,
            "dossiers_online_full": full,
            "dossiers_online_partial": partial,
            "dossiers_at_desk": desk,
            "dossiers_postal": postal,
            "dossiers_resolved_on_time": resolved - late,
            "dossiers_resolved_late": late,
            "dossiers_paid_online": min(full + partial, int((full + partial) * rng.uniform(0.2, 0.5))),
            "copy_certifications": copies,
            "copy_certifications_electronic": electronic,
            "broadcasts_loudspeaker": rng.randint(2, 6),
            "campaigns_mobile": rng.randint(1, 4),
            "festival_sessions": rng.randint(3, 12) if quarter.quarter == 4 else 0,
            "chip_id_cards": int(households * 2.6 * (0.5 + 0.5 * min(1.0, t / 6))),
            "eid_level1": int(households * 0.7 * progress),
            "eid_level2": int(households * 0.9 * progress),
            "households": households,
            "households_with_smartphone": with_phone,
            "households_without_smartphone": without,
            "poor_households_without_smartphone": poor,
            "near_poor_households_without_smartphone": near_poor,
            "staff_computer_rate": Decimal(min(100, round(rng.uniform(88, 101), 0))),
            "one_stop_digital_signature_rate": Decimal(min(100, round(80 + 20 * progress + rng.uniform(-5, 5), 0))),
            "electronic_documents_rate": Decimal(str(round(min(99.5, 80 + 18 * progress + rng.uniform(-3, 2)), 2))),
            "health_records_rate": Decimal(str(round(min(98.0, 35 + 55 * progress * rng.uniform(0.8, 1.1)), 2))),
            "satisfaction_rate": Decimal(str(round(min(99.9, 86 + 10 * progress + rng.uniform(-3, 3)), 2))),
            "cashless_payment": "Duy trì",
            "online_payment_channels": "BIDV, VietinBank",
        }
        values["festival_participants"] = values["festival_sessions"] * rng.randint(50, 95)
        if quarter.quarter == 1:
            reviewed = rng.randint(5, 20)
            values["procedures_reviewed"] = reviewed
            values["procedures_proposed_simplification"] = rng.randint(0, min(4, reviewed))
        out[quarter] = values
    return out
