"""Supervising bodies at any level: a city's HĐND before 2025, a province's,
and a commune's after the reform, each reading the units under it."""

import pytest
from django.contrib.auth import get_user_model

from tests.personas import admin
from wards.access import Do, access_for
from wards.choices import Role
from wards.models import BEFORE_REFORM_END, REFORM_DATE, AdministrativeUnit, Membership, SupervisingBody

pytestmark = pytest.mark.django_db


def commune(code, *, new=False):
    lookup = {"valid_from": REFORM_DATE} if new else {"valid_to": BEFORE_REFORM_END}
    return AdministrativeUnit.objects.get(level="commune", code=code, **lookup)


def supervisor_of(body):
    user = get_user_model().objects.create_user(f"tv_{body.pk}", password="x")
    Membership.objects.create(user=user, role=Role.SUPERVISOR, body=body, title="Ủy viên")
    return access_for(user)


def test_city_province_and_commune_bodies_read_their_own_units():
    city = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn")
    province = SupervisingBody.objects.get(name="HĐND tỉnh Bắc Kạn")
    ward = SupervisingBody.objects.get(name="HĐND phường Bắc Kạn")

    assert city.supervised_units().count() == 8
    assert province.supervised_units().count() == 108
    assert [u.name for u in ward.supervised_units()] == ["Phường Bắc Kạn"]

    xuat_hoa, ba_be_commune = commune("01855"), AdministrativeUnit.objects.get(name="Xã Cao Thượng")
    bac_kan_2025 = commune("01843", new=True)
    city_access, province_access, access = supervisor_of(city), supervisor_of(province), supervisor_of(ward)
    assert city_access.can(Do.READ_DRAFTS, xuat_hoa.pk)
    assert not city_access.can(Do.READ_DRAFTS, ba_be_commune.pk)
    assert province_access.can(Do.READ_DRAFTS, ba_be_commune.pk)
    assert access.can(Do.READ_DRAFTS, bac_kan_2025.pk)
    assert not access.can(Do.READ_DRAFTS, xuat_hoa.pk)  # the old ward's drafts belonged to the city's HĐND
    assert not access.can(Do.WRITE_FIGURES, bac_kan_2025.pk)  # a supervisor never writes figures


def test_hierarchy_questions_have_one_answer_before_and_after_the_reform():
    """wards' querysets answer "the communes under a unit" and "existed during":
    Thái Nguyên after 2025 holds its communes directly, without districts."""
    old_province = AdministrativeUnit.objects.get(level="province", code="06", valid_to=BEFORE_REFORM_END)
    new_province = AdministrativeUnit.objects.get(level="province", code="19", valid_from=REFORM_DATE)
    under_old = AdministrativeUnit.objects.communes_under(old_province)
    under_new = AdministrativeUnit.objects.communes_under(new_province)
    assert under_old.count() == 108  # through its 8 districts
    assert under_new.filter(code="01843").get().name == "Phường Bắc Kạn"  # directly under the province
    assert not under_new.filter(valid_to=BEFORE_REFORM_END).exists()
    xuat_hoa = commune("01855")
    assert list(AdministrativeUnit.objects.communes_under(xuat_hoa)) == [xuat_hoa]
    q3_2025 = (REFORM_DATE, REFORM_DATE.replace(month=9, day=30))
    assert not xuat_hoa.existed_during(*q3_2025)
    assert xuat_hoa.existed_during(REFORM_DATE.replace(month=4), BEFORE_REFORM_END)
    assert not AdministrativeUnit.objects.filter(pk=xuat_hoa.pk).existed_during(*q3_2025).exists()
    trees = AdministrativeUnit.objects.subtrees([old_province.pk])
    assert xuat_hoa.pk in trees[old_province.pk] and old_province.pk in trees[old_province.pk]


def test_a_ranking_of_a_province_after_the_reform_reaches_its_communes(as_persona):
    """A framework of Thái Nguyên for 2026 ranks phường Bắc Kạn, which lies
    directly under the province: its "why this score" page exists."""
    from par_index import services
    from par_index.choices import CohortMode

    new_province = AdministrativeUnit.objects.get(level="province", code="19", valid_from=REFORM_DATE)
    services.framework_create(
        by=admin(), province=new_province, year=2026, name="Thử 2026", cohort_mode=CohortMode.SINGLE
    )
    assert as_persona("supervisor").get("/par/19/2026/01843/").status_code == 200
    assert as_persona("supervisor").get("/par/19/2026/01855/").status_code == 404  # Xuất Hóa ended in 2025
