"""Fixtures for the data-entry tests: the demo's people and reports."""

import pytest

from digital_metrics.models import QuarterlyReport
from wards.models import BEFORE_REFORM_END, AdministrativeUnit


def old_commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level="commune", code=code, valid_to=BEFORE_REFORM_END)


@pytest.fixture
def songcau_draft(db):
    """Sông Cầu's draft of Quý II/2024 (demo), version 1."""
    return QuarterlyReport.objects.get(unit=old_commune("01837"), year=2024, quarter=2)


def ubnd_city():
    """UBND thành phố Bắc Kạn: its Phòng Nội vụ (demo account noivu_thanhpho) reviews the city's wards."""
    from wards.models import SupervisingBody

    return SupervisingBody.objects.get(name="UBND thành phố Bắc Kạn")


@pytest.fixture
def songcau_colleague(db, django_user_model):
    """A second clerk of Sông Cầu: another person writing the same report."""
    from wards.choices import Role
    from wards.models import Membership

    user = django_user_model.objects.create_user("canbo_songcau_2", first_name="Đồng nghiệp Sông Cầu")
    Membership.objects.create(user=user, role=Role.CLERK, unit=old_commune("01837"))
    return user


@pytest.fixture
def submitted_report(db):
    """Phùng Chí Kiên's Quý II/2024 (demo), entered and submitted by its clerk, awaiting the UBND's review."""
    return QuarterlyReport.objects.get(unit=old_commune("01843"), year=2024, quarter=2)


@pytest.fixture
def xuathoa_q1(db):
    """Xuất Hóa's approved Quý I/2024, the article's figures."""
    return QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=1)


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Uploaded files of previews go to a temporary directory, not ./media."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
