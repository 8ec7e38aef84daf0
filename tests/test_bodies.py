"""Supervising bodies at any level: a city's HĐND before 2025, a province's,
and a commune's after the reform, each reading the units under it."""

import pytest
from django.contrib.auth import get_user_model

from wards.access import access_for
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
    assert city_access.can_read_unit_drafts(xuat_hoa.pk)
    assert not city_access.can_read_unit_drafts(ba_be_commune.pk)
    assert province_access.can_read_unit_drafts(ba_be_commune.pk)
    assert access.can_read_unit_drafts(bac_kan_2025.pk)
    assert not access.can_read_unit_drafts(xuat_hoa.pk)  # the old ward's drafts belonged to the city's HĐND
    assert not access.can_write_unit_figures(bac_kan_2025.pk)  # a supervisor never writes figures
