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
    assert xuat_hoa.pk in city_access.followed_unit_ids
    assert city_access.can(Do.READ_EVIDENCE, xuat_hoa.pk)
    assert not city_access.can(Do.READ_EVIDENCE, ba_be_commune.pk)
    assert province_access.can(Do.READ_EVIDENCE, ba_be_commune.pk)
    assert access.can(Do.READ_EVIDENCE, bac_kan_2025.pk)
    assert not access.can(Do.READ_EVIDENCE, xuat_hoa.pk)  # the old ward was the city's HĐND's to supervise
    assert not access.can(Do.WRITE_FIGURES, bac_kan_2025.pk)  # a supervisor never writes figures
    assert not access.can(Do.READ_DRAFTS, bac_kan_2025.pk)  # nor reads a draft


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


def test_a_role_belongs_to_a_body_of_its_kind():
    """A reviewer works for a UBND, an appraiser for a Sở Nội vụ, a supervisor for an HĐND:
    a membership of the wrong kind is refused, and grants nothing if it exists anyway."""
    from django.core.exceptions import ValidationError

    hdnd = SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn")
    user = get_user_model().objects.create_user("sai_vai_tro", password="x")
    wrong = Membership(user=user, role=Role.REVIEWER, body=hdnd)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "Ủy ban nhân dân" in str(error.value.message_dict["body"])
    wrong.save()  # written behind the form's back: still no power
    access = access_for(user)
    assert not access.can_any(Do.REVIEW) and not access.is_reviewer
    ubnd = SupervisingBody.objects.get(name="UBND thành phố Bắc Kạn")
    Membership(user=user, role=Role.REVIEWER, body=ubnd).full_clean()
