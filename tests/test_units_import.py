import datetime

import pytest

from wards.choices import Level
from wards.models import BEFORE_REFORM_END, REFORM_DATE, AdministrativeUnit, UnitSuccession
from wards.selectors import history_label, unit_by_code
from wards.services import import_units

pytestmark = pytest.mark.django_db


def test_counts_before_and_after_the_reform():
    old = AdministrativeUnit.objects.filter(valid_to=BEFORE_REFORM_END)
    new = AdministrativeUnit.objects.filter(valid_from=REFORM_DATE)
    assert old.filter(level=Level.PROVINCE).count() == 63
    assert old.filter(level=Level.DISTRICT).count() == 696
    assert old.filter(level=Level.COMMUNE).count() == 10047
    assert new.filter(level=Level.PROVINCE).count() == 34
    assert new.filter(level=Level.COMMUNE).count() == 3321
    assert new.filter(level=Level.DISTRICT).count() == 0
    assert UnitSuccession.objects.count() == 10667


def test_second_import_changes_nothing():
    before = list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id"))
    summary = import_units()
    assert not summary.changed
    assert list(AdministrativeUnit.objects.order_by("pk").values_list("pk", "code", "name", "parent_id")) == before


def test_a_renamed_unit_is_updated_in_place(tmp_path):
    from wards.services import DATA_DIR

    for name in ("units-2025-07-01.csv", "succession-2025-07-01.csv"):
        (tmp_path / name).write_text((DATA_DIR / name).read_text(encoding="utf-8"), encoding="utf-8")
    text = (DATA_DIR / "units-2025-03-01.csv").read_text(encoding="utf-8")
    (tmp_path / "units-2025-03-01.csv").write_text(text.replace("Phường Xuất Hóa", "Phường Xuất Hoá"), encoding="utf-8")
    summary = import_units(data_dir=tmp_path)
    assert (summary.created, summary.updated) == (0, 1)
    assert AdministrativeUnit.objects.get(code="01855").name == "Phường Xuất Hoá"


def test_code_is_not_a_key_across_time():
    before = unit_by_code("01843", datetime.date(2024, 4, 24))
    after = unit_by_code("01843", datetime.date(2025, 7, 1))
    assert before.name == "Phường Phùng Chí Kiên"
    assert after.name == "Phường Bắc Kạn"
    assert before.pk != after.pk
    assert after.parent.name == "Tỉnh Thái Nguyên"


def test_xuat_hoa_went_into_phuong_bac_kan():
    xuat_hoa = unit_by_code("01855", datetime.date(2024, 4, 24))
    assert xuat_hoa.parent.name == "Thành phố Bắc Kạn"  # the national list writes "Thành Phố"
    link = UnitSuccession.objects.get(predecessor=xuat_hoa)
    assert link.successor.name == "Phường Bắc Kạn" and link.kind == "full"
    merged = UnitSuccession.objects.filter(successor=link.successor).values_list("predecessor__name", flat=True)
    assert set(merged) == {"Phường Xuất Hóa", "Phường Sông Cầu", "Phường Phùng Chí Kiên", "Xã Nông Thượng"}
    assert history_label(xuat_hoa) == "Phường Xuất Hóa (đến 30/06/2025; nay là phường Bắc Kạn, tỉnh Thái Nguyên)"


def test_island_districts_became_special_zones():
    con_dao = AdministrativeUnit.objects.get(level=Level.DISTRICT, name="Huyện Côn Đảo")
    assert UnitSuccession.objects.get(predecessor=con_dao).successor.name == "Đặc khu Côn Đảo"


def test_a_code_never_used_is_404(client):
    from django.http import Http404

    with pytest.raises(Http404):
        unit_by_code("99999")


@pytest.mark.parametrize(
    "listed, stored",
    [
        ("Thành Phố Bắc Kạn", "Thành phố Bắc Kạn"),
        ("Thị Trấn Châu Ổ", "Thị trấn Châu Ổ"),
        ("Thị Xã Buôn Hồ", "Thị xã Buôn Hồ"),
        ("Phường Xuất Hóa", "Phường Xuất Hóa"),
        ("Xã  Nông Thượng", "Xã Nông Thượng"),
        ("Bắc Kạn", "Bắc Kạn"),
    ],
)
def test_a_name_is_stored_as_vietnamese_writes_it(listed, stored):
    from core.names import canonical_name

    assert canonical_name(listed) == stored


def test_no_imported_name_capitalises_its_type_word():
    """The national list writes 17 of them "Thành Phố …", "Thị Trấn …", "Thị Xã …"."""
    shouted = [
        n
        for n in AdministrativeUnit.objects.values_list("name", flat=True)
        if n.split(" ", 2)[:2] in (["Thành", "Phố"], ["Thị", "Trấn"], ["Thị", "Xã"], ["Đặc", "Khu"])
    ]
    assert shouted == []


def test_the_migration_corrects_the_names_a_database_already_holds():
    import importlib

    from django.apps import apps

    migration = importlib.import_module("wards.migrations.0003_canonical_unit_names")
    unit = AdministrativeUnit.objects.get(code="058", level=Level.DISTRICT)
    AdministrativeUnit.objects.filter(pk=unit.pk).update(name="Thành Phố Bắc Kạn")
    migration.forwards(apps, None)
    unit.refresh_from_db()
    assert unit.name == "Thành phố Bắc Kạn"
