"""Nothing unpublished reaches a public page, a data file or the public API, whoever
asks (every persona, signed in or not: the public pages are the same for all):
not a supervision the council did not publish, not a year of figures it did not
release, not a figure still pending review or a draft, not a clerk's name, not a
progress note or its evidence file, not a draft or unpublished document."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from demo.supervision import NQ280_PROGRESS, RESUPERVISION_TITLE, THEMATIC_TITLE
from digital_metrics.choices import Origin, ReportStatus
from digital_metrics.models import Indicator, QuarterlyReport, ReportValue
from documents.services import paper_generate, paper_issue
from par_index.models import UnitResult
from public.choices import PublicationKind
from public.services import publication_publish
from supervision.services import progress_note_add
from tests.personas import PERSONAS, person
from tests.public.conftest import everything_public

pytestmark = pytest.mark.django_db

# Rates taken at their latest quarter: a pending or draft Quý II would be shown as it is.
PENDING_MARK, DRAFT_MARK = "12.34", "23.45"
NOTE = "Ghi chú nội bộ của phường về kiến nghị 3"
EVIDENCE_NAME = "bien-ban-noi-bo.pdf"


@pytest.fixture
def unpublished(city, resup, settings, tmp_path):
    """Things that must not show: a pending and a draft figure in a year that IS released (2024),
    a progress note with evidence on a published recommendation, a draft and an issued but
    unpublished document of the published supervision; the thematic supervision stays unpublished."""
    team = person("supervisor")
    publication_publish(body=city, kind=PublicationKind.FIGURES, year=2024, by=team)
    satisfaction = Indicator.objects.get(code="satisfaction_rate")
    pending = QuarterlyReport.objects.get(unit__code="01843", year=2024, quarter=2)
    draft = QuarterlyReport.objects.get(unit__code="01837", year=2024, quarter=2)
    assert pending.status == ReportStatus.SUBMITTED and draft.status == ReportStatus.DRAFT
    for report, mark in ((pending, PENDING_MARK), (draft, DRAFT_MARK)):
        ReportValue.objects.update_or_create(
            report=report, indicator=satisfaction, defaults={"value": Decimal(mark), "origin": Origin.ENTERED}
        )
    rec = resup.recommendations.order_by("number")[2]
    pdf = SimpleUploadedFile(EVIDENCE_NAME, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")
    progress_note_add(recommendation=rec, by=person("clerk_xuathoa"), text=NOTE, status="in_progress", files=[pdf])
    issued = paper_issue(
        paper=paper_generate(supervision=resup, kind="report", by=team),
        by=team,
        number="99/BC-ĐGS",
        day=datetime.date(2024, 5, 2),
    )
    draft_paper = paper_generate(supervision=resup, kind="conclusion", by=team)
    return {"issued": issued, "draft": draft_paper}


def markers_absent(text: str) -> None:
    for mark in (PENDING_MARK, DRAFT_MARK):
        assert mark not in text and mark.replace(".", ",") not in text
    assert THEMATIC_TITLE not in text
    assert NQ280_PROGRESS[0] not in text and NOTE not in text
    assert EVIDENCE_NAME not in text and "/media/" not in text and "evidence" not in text
    assert "99/BC-ĐGS" not in text  # issued, not published
    # No person: not the clerks, the reviewer, the appraiser, who published, who approved.
    for username in (
        "canbo_xuathoa",
        "canbo_songcau",
        "canbo_phungchikien",
        "noivu_thanhpho",
        "thamdinh_snv",
        "giamsat",
    ):
        user = person(username)
        assert user.get_full_name() not in text, username
        assert f'"{username}"' not in text and f">{username}<" not in text


@pytest.mark.parametrize("persona", PERSONAS)
def test_nothing_unpublished_leaks(as_persona, city, unpublished, persona):
    client = as_persona(persona)
    text = everything_public(client, city.pk)
    markers_absent(text)
    # …while what was published is there: the re-supervision, the official ranks, 2023 and 2024 figures.
    assert RESUPERVISION_TITLE in text and "14/108" in text and "106/108" in text
    assert '"year": 2024' in text and '"year": 2023' in text and '"year": 2022' not in text.split('"figures"')[1]
    for url in (
        f"/public/documents/{unpublished['issued'].pk}.pdf",
        f"/public/documents/{unpublished['draft'].pk}.pdf",
    ):
        assert client.get(url).status_code == 404, (persona, url)


def test_pending_quarters_are_left_out_of_a_released_year(client, city, unpublished):
    """Phùng Chí Kiên's 2024: Quý I approved, Quý II submitted (pending): the figure is Quý I's alone, 1/4 quý."""
    text = client.get("/public/data/figures.csv").content.decode()
    row = next(line for line in text.splitlines() if ",2024,01843," in line and ",dossiers_received," in line)
    q1 = ReportValue.objects.get(
        report__unit__code="01843", report__year=2024, report__quarter=1, indicator__code="dossiers_received"
    )
    assert f",{int(q1.value)}," in row and ",1," in row  # quarters_covered


def test_official_ranking_is_shown_never_the_recomputed_one(client, city):
    recomputed = UnitResult.objects.get(unit__code="01855", framework__year=2023)
    assert recomputed.rank != 14  # the demo's recomputed rank is illustrative and differs
    page = client.get(f"/public/{city.pk}/01855/").content.decode()
    assert "14/108" in page and f"{recomputed.rank}/{recomputed.cohort_size}" not in page


def test_demo_values_are_labelled(client, city):
    page = client.get(f"/public/{city.pk}/").content.decode()
    minh_khai = page.split('class="card mb-2 public-figures" data-unit="01834"')[1].split("</div>\n    </div>")[
        0
    ]  # its figures card
    assert 'data-source="illustrative"' in minh_khai
    xuat_hoa = client.get(f"/public/{city.pk}/01855/").content.decode()
    assert "126/217 = 58,06%" in xuat_hoa and 'data-source="article"' in xuat_hoa
    # The re-supervision's recommendations (deadline and status made up for the demo) are marked.
    assert xuat_hoa.count("minh họa") >= 3
