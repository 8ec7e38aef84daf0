"""Every change of a hand-entered score is audited (who, when, before, after)
and shown on the "why this score" page to the ward, its supervisors and admins."""

from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from par_index import services
from par_index.models import Criterion, Framework, ScoreChange
from tests.par_index.conftest import commune

pytestmark = pytest.mark.django_db
URL = "/par/06/2023/01855/"


@pytest.fixture
def leaf():
    return Criterion.objects.get(framework=Framework.objects.get(province__code="06", year=2023), code="1.1")


def test_self_assessment_and_appraisal_leave_a_history(leaf, as_persona):
    User = get_user_model()
    clerk, appraiser = User.objects.get(username="canbo_xuathoa"), User.objects.get(username="thamdinh_snv")
    unit = commune("01855")
    before = services.Score.objects.get(criterion=leaf, unit=unit)
    old_self, old_appraised = before.self_points, before.appraised_points
    services.self_assessment_save(unit=unit, criterion=leaf, points=Decimal("2.5"), explanation="Có kế hoạch", by=clerk)
    services.appraisal_save(
        unit=unit, criterion=leaf, points=Decimal("2.25"), note="Thiếu báo cáo quý IV", by=appraiser
    )
    services.appraisal_save(
        unit=unit, criterion=leaf, points=Decimal("2.25"), note="Thiếu báo cáo quý IV", by=appraiser
    )
    rows = {(c.field, c.by.username): (c.before, c.after) for c in ScoreChange.objects.filter(score__unit=unit)}
    assert rows[("self_points", "canbo_xuathoa")] == (f"{old_self.normalize():f}", "2.5")
    assert rows[("appraised_points", "thamdinh_snv")] == (f"{old_appraised.normalize():f}", "2.25")
    assert rows[("appraisal_note", "thamdinh_snv")][1] == "Thiếu báo cáo quý IV"
    # Saving the same values again records nothing.
    assert ScoreChange.objects.filter(score__unit=unit, field="appraised_points").count() == 1

    page = as_persona("supervisor").get(URL).content.decode()
    assert 'data-testid="score-history"' in page
    # The history is in the page's body, once, never in its <title> (a copy-paste once put it there).
    title = page.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "Lịch sử chấm điểm" not in title and page.count('data-testid="score-history"') == 1
    assert "2,25" in page and "Thiếu báo cáo quý IV" in page
    for persona in ("clerk_xuathoa", "admin"):
        assert 'data-testid="score-history"' in as_persona(persona).get(URL).content.decode()
    # Another ward's clerk sees the published ranking, not the scoring history.
    assert 'data-testid="score-history"' not in as_persona("clerk_songcau").get(URL).content.decode()
