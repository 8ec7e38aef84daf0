"""Writes to administrative units: the import of the official lists."""

import csv
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from core import freshness
from core.names import canonical_name, type_word
from wards.choices import Level
from wards.models import BEFORE_REFORM_END, REFORM_DATE, AdministrativeUnit, UnitSuccession

DATA_DIR = Path(settings.BASE_DIR) / "data"
OLD_LIST = "units-2025-03-01.csv"
NEW_LIST = "units-2025-07-01.csv"
SUCCESSION_LIST = "succession-2025-07-01.csv"

LEVEL_ORDER = [Level.PROVINCE, Level.DISTRICT, Level.COMMUNE]


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    successions_created: int = 0
    successions_updated: int = 0

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.successions_created, self.successions_updated))


def _type_from_name(name: str, level: str) -> str:
    word = type_word(name)
    if level == Level.PROVINCE and word == "Thành phố":
        return "Thành phố Trung ương"
    return word


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@transaction.atomic
def import_units(*, data_dir: Path = DATA_DIR) -> ImportSummary:
    """Load the lists before (valid to 30/06/2025) and after the 2025 reform
    (valid from 01/07/2025) and the succession links between them.

    Idempotent: a unit is matched by (level, code, era), so a second run
    changes nothing, and a corrected name in a newer list is updated in place.
    """
    summary = ImportSummary()
    old_rows = _read(data_dir / OLD_LIST)
    new_rows = _read(data_dir / NEW_LIST)

    existing: dict[tuple, AdministrativeUnit] = {}
    for unit in AdministrativeUnit.objects.all():
        era = "new" if unit.valid_from == REFORM_DATE else "old" if unit.valid_to == BEFORE_REFORM_END else None
        if era:
            existing[(unit.level, unit.code, era)] = unit

    def wanted(rows, era):
        for row in rows:
            level = row["level"]
            yield (
                (level, row["code"], era),
                {
                    "name": canonical_name(row["name"]),
                    "unit_type": row.get("type") or _type_from_name(row["name"], level),
                    "parent_code": row.get("parent_code") or "",
                    "valid_from": REFORM_DATE if era == "new" else None,
                    "valid_to": BEFORE_REFORM_END if era == "old" else None,
                },
            )

    rows_by_level: dict[str, list] = {lvl: [] for lvl in LEVEL_ORDER}
    for key, attrs in [*wanted(old_rows, "old"), *wanted(new_rows, "new")]:
        rows_by_level[key[0]].append((key, attrs))

    # Parents come first so that every child finds its parent's primary key.
    parent_level = {Level.DISTRICT: Level.PROVINCE, Level.COMMUNE: None}
    for level in LEVEL_ORDER:
        to_create, to_update = [], []
        for key, attrs in rows_by_level[level]:
            era = key[2]
            parent = None
            if attrs["parent_code"]:
                # Before the reform a commune's parent is a district; after, a province.
                plevel = parent_level.get(level) or (Level.DISTRICT if era == "old" else Level.PROVINCE)
                parent = existing[(plevel, attrs["parent_code"], era)]
            unit = existing.get(key)
            if unit is None:
                unit = AdministrativeUnit(
                    code=key[1],
                    level=level,
                    name=attrs["name"],
                    unit_type=attrs["unit_type"],
                    parent=parent,
                    valid_from=attrs["valid_from"],
                    valid_to=attrs["valid_to"],
                )
                to_create.append((key, unit))
            elif (unit.name, unit.unit_type, unit.parent_id) != (
                attrs["name"],
                attrs["unit_type"],
                parent and parent.pk,
            ):
                unit.name, unit.unit_type, unit.parent = attrs["name"], attrs["unit_type"], parent
                to_update.append(unit)
        created = AdministrativeUnit.objects.bulk_create([u for _, u in to_create], batch_size=2000)
        for (key, _), unit in zip(to_create, created, strict=True):
            existing[key] = unit
        if to_update:
            AdministrativeUnit.objects.bulk_update(to_update, ["name", "unit_type", "parent"], batch_size=2000)
        if created or to_update:  # bulk writes send no post_save: every cached page and access may show the units
            freshness.bump()
        summary.created += len(created)
        summary.updated += len(to_update)
        # bulk_create on SQLite before 3.35 returns no pks; reload to be safe.
        if created and created[0].pk is None:
            for unit in AdministrativeUnit.objects.filter(level=level):
                era = "new" if unit.valid_from == REFORM_DATE else "old"
                existing[(unit.level, unit.code, era)] = unit

    links = {(s.predecessor_id, s.successor_id): s for s in UnitSuccession.objects.all()}
    new_links, changed_links = [], []
    for row in _read(data_dir / SUCCESSION_LIST):
        old_level = row["level"]
        if old_level == Level.COMMUNE and len(row["old_code"]) == 3:
            # Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa,
            # Lý Sơn, Côn Đảo) became đặc khu: the predecessor is the district.
            old_level = Level.DISTRICT
        old = existing[(old_level, row["old_code"], "old")]
        new = existing[(row["level"], row["new_code"], "new")]
        link = links.get((old.pk, new.pk))
        if link is None:
            link = UnitSuccession(predecessor=old, successor=new, kind=row["kind"], effective=REFORM_DATE)
            links[(old.pk, new.pk)] = link
            new_links.append(link)
        elif link.kind != row["kind"]:
            link.kind = row["kind"]
            changed_links.append(link)
    UnitSuccession.objects.bulk_create(new_links, batch_size=5000)
    if changed_links:
        UnitSuccession.objects.bulk_update(changed_links, ["kind"], batch_size=5000)
    summary.successions_created = len(new_links)
    summary.successions_updated = len(changed_links)
    return summary
