"""Fixtures of the PAR index tests: a small framework of our own on province 06
for 2024 (the demo has 2022 and 2023), and Celery forced to eager mode for the
tests that run the recompute in-process (the PostgreSQL pass sets a broker): the
`eager` fixture lives in the root conftest.py."""

from decimal import Decimal

import pytest

from par_index import services
from par_index.choices import CohortMode, Part
from par_index.models import Criterion
from tests.personas import admin
from wards.choices import Level
from wards.models import BEFORE_REFORM_END, AdministrativeUnit


@pytest.fixture
def province(db):
    return AdministrativeUnit.objects.get(level=Level.PROVINCE, code="06", valid_to=BEFORE_REFORM_END)


@pytest.fixture
def small_framework(province):
    """2024: one manual leaf of 100 points, single cohort: index = points."""
    framework = services.framework_create(
        by=admin(), province=province, year=2024, name="Thử 2024", cohort_mode=CohortMode.SINGLE
    )
    leaf = services.criterion_save(
        by=admin(),
        framework=framework,
        criterion=Criterion(code="1", title="Tiêu chí duy nhất", part=Part.CRITERIA, max_points=Decimal(100)),
    )
    return framework, leaf


def commune(code: str) -> AdministrativeUnit:
    return AdministrativeUnit.objects.get(level=Level.COMMUNE, code=code, valid_to=BEFORE_REFORM_END)


def leaf_result(criterion: Criterion, unit_code: str):
    """An automatic leaf's input and points for a commune (None: no approved figure)."""
    from par_index import engine

    return engine.leaf_points(criterion.framework, commune(unit_code)).get(criterion.pk)


def gained(framework, unit_code: str, before) -> bool:
    """After a recompute: the unit's index rose by the 6 points of the online
    criterion (out of 100), and its rank is where that index puts it."""
    from par_index.models import UnitResult

    after = UnitResult.objects.get(framework=framework, unit__code=unit_code)
    better = UnitResult.objects.filter(framework=framework, cohort=after.cohort, index_percent__gt=after.index_percent)
    return after.index_percent == before.index_percent + 6 and after.rank == 1 + better.count() <= before.rank
