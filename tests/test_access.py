"""The one access vocabulary: services check who acts whatever page or API
called them, and every file stays in its scope."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from demo.supervision import THEMATIC_TITLE
from par_index import services as par_services
from par_index.models import Criterion, Framework, Score
from supervision import services as sup_services
from supervision.choices import DocumentKind, RecommendationStatus
from supervision.models import Recommendation, Supervision, SupervisionDocument
from tests.personas import ADM, APR, REV, SC, SUP, XH, person
from tests.supervision.conftest import pdf
from wards.access import Do, access_for
from wards.models import BEFORE_REFORM_END, AdministrativeUnit

pytestmark = pytest.mark.django_db


def commune(code):
    return AdministrativeUnit.objects.get(level="commune", code=code, valid_to=BEFORE_REFORM_END)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_a_ward_document_is_read_by_that_ward_and_the_team_not_by_the_other_wards(as_persona):
    thematic = Supervision.objects.get(title=THEMATIC_TITLE)
    assert {"01855", "01837"} <= set(thematic.units.values_list("code", flat=True))
    ward_report = sup_services.document_add(
        supervision=thematic, by=person(SUP), kind=DocumentKind.UNIT_REPORT, upload=pdf(), unit=commune("01855")
    )
    plan = sup_services.document_add(supervision=thematic, by=person(SUP), kind=DocumentKind.PLAN, upload=pdf())
    url = f"/supervision/documents/{ward_report.pk}/"
    assert as_persona(XH).get(url).status_code == 200
    assert as_persona(SUP).get(url).status_code == 200
    assert as_persona(ADM).get(url).status_code == 200
    assert as_persona(SC).get(url).status_code == 404  # Sông Cầu's clerk is not told it exists
    assert as_persona(SC).get(f"/supervision/documents/{plan.pk}/").status_code == 200  # the plan concerns every ward
    assert set(SupervisionDocument.objects.for_user(person(SC)).values_list("pk", flat=True)) >= {plan.pk}
    assert ward_report.pk not in SupervisionDocument.objects.for_user(person(SC)).values_list("pk", flat=True)


def test_supervision_services_refuse_who_may_not_act_whoever_called_them():
    thematic = Supervision.objects.get(title=THEMATIC_TITLE)
    rec = Recommendation.objects.filter(supervision=thematic, addressee_unit__code="01855").first()
    before = (rec.status, rec.verifications.count(), rec.notes.count())
    with pytest.raises(PermissionDenied):
        sup_services.recommendation_verify(recommendation=rec, by=person(XH), status=RecommendationStatus.DONE)
    with pytest.raises(PermissionDenied):  # Sông Cầu's clerk reports on Xuất Hóa's recommendation
        sup_services.progress_note_add(
            recommendation=rec, by=person(SC), text="Đã làm", status=RecommendationStatus.IN_PROGRESS
        )
    with pytest.raises(PermissionDenied):
        sup_services.recommendation_create(
            supervision=thematic, by=person(XH), text="x", addressee_unit=commune("01855")
        )
    with pytest.raises(PermissionDenied):
        sup_services.document_add(supervision=thematic, by=person(XH), kind=DocumentKind.OTHER, upload=pdf())
    rec.refresh_from_db()
    assert (rec.status, rec.verifications.count(), rec.notes.count()) == before


@pytest.fixture
def other_superuser(django_user_model):
    return django_user_model.objects.create_superuser("admin_khac", password="x")


def test_a_superuser_without_membership_records_no_supervision(other_superuser):
    thematic = Supervision.objects.get(title=THEMATIC_TITLE)
    with pytest.raises(PermissionDenied):
        sup_services.supervision_record(supervision=thematic, by=other_superuser, units=[commune("01855")])


def test_par_services_refuse_who_may_not_act():
    framework = Framework.objects.get(province__code="06", year=2023)
    leaf = Criterion.objects.get(framework=framework, code="1.1")
    xuat_hoa = commune("01855")
    before = list(Score.objects.filter(criterion=leaf, unit=xuat_hoa).values_list("self_points", "appraised_points"))
    with pytest.raises(PermissionDenied):  # another ward's clerk
        par_services.self_assessment_save(
            unit=xuat_hoa, criterion=leaf, points=Decimal(1), explanation="x", by=person(SC)
        )
    with pytest.raises(PermissionDenied):  # not even an admin speaks for the ward
        par_services.self_assessment_save(
            unit=xuat_hoa, criterion=leaf, points=Decimal(1), explanation="x", by=person(ADM)
        )
    with pytest.raises(PermissionDenied):  # a clerk does not appraise
        par_services.appraisal_save(unit=xuat_hoa, criterion=leaf, points=Decimal(1), by=person(XH))
    with pytest.raises(PermissionDenied):
        par_services.framework_copy(framework=framework, year=2030, by=person(SUP))
    after = list(Score.objects.filter(criterion=leaf, unit=xuat_hoa).values_list("self_points", "appraised_points"))
    assert after == before and not Framework.objects.filter(year=2030).exists()


def test_the_vocabulary_per_persona():
    xuat_hoa, song_cau = commune("01855"), commune("01837")
    clerk, team, admin = access_for(person(XH)), access_for(person(SUP)), access_for(person(ADM))
    reviewer, appraiser = access_for(person(REV)), access_for(person(APR))
    assert clerk.can(Do.WRITE_FIGURES, xuat_hoa.pk) and not clerk.can(Do.WRITE_FIGURES, song_cau.pk)
    assert clerk.can(Do.SELF_ASSESS, xuat_hoa.pk) and not clerk.can(Do.REVIEW, xuat_hoa.pk)
    # The HĐND supervises what was accepted: it writes nothing, accepts nothing, reads no draft or pending figure.
    for action in (Do.WRITE_FIGURES, Do.REVIEW, Do.APPRAISE, Do.READ_DRAFTS, Do.READ_PENDING):
        assert not team.can(action, xuat_hoa.pk), action
    # The UBND accepts its wards' figures and writes none; the Sở Nội vụ appraises the province's.
    assert reviewer.can(Do.REVIEW, song_cau.pk) and reviewer.can(Do.READ_PENDING, song_cau.pk)
    assert not reviewer.can(Do.WRITE_FIGURES, song_cau.pk) and not reviewer.can(Do.READ_DRAFTS, song_cau.pk)
    assert appraiser.can(Do.APPRAISE, song_cau.pk) and not appraiser.can(Do.REVIEW, song_cau.pk)
    # The system admin sees everything and takes no institution's decision.
    assert admin.can(Do.READ_DRAFTS, song_cau.pk) and admin.can(Do.EDIT_FRAMEWORKS, song_cau.pk)
    for action in (Do.REVIEW, Do.APPRAISE, Do.SELF_ASSESS, Do.PUBLISH_RANKINGS):
        assert not admin.can(action, song_cau.pk), action
    assert set(AdministrativeUnit.objects.for_user(person(XH), Do.WRITE_FIGURES)) == {xuat_hoa}
