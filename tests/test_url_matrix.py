"""Every URL of the portal × every persona, with the status each must get.

The table is checked against the URL resolver: a route without an entry here
fails `test_every_route_is_in_the_matrix`, so a new page cannot ship without
deciding who may open it. Writes (POST, PUT) are tried by every persona in
each app's test_permissions.py, which also checks that a refused write changed
nothing."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver

from tests.personas import ADM, APR, NOROLE, OTHER_ADM, REV, SC, SIGNED_IN, SUP, XH, assert_get, only, person

pytestmark = pytest.mark.django_db

EVERYONE = only(*SIGNED_IN)  # every signed-in persona; the anonymous visitor to the login page
API_EVERYONE = only(*SIGNED_IN, anon=401)
PUBLIC = only(*SIGNED_IN, anon=200)
NOT_FOUND = only(others=404)
ADMIN_SITE = {**only(ADM, others=302)}  # Django admin: staff only; others are sent to its login
POST_ONLY = only(others=405)  # a write's URL answers GET with 405 (the write is tried in test_permissions)

# The routes of the portal: name → [(a URL of it, {persona: status})]. {placeholders} come from `ids`.
MATRIX: dict[str, list[tuple[str, dict[str, int]]]] = {
    "home": [
        ("/", EVERYONE),
        # The overview of a body's members, searched, filtered and sorted; a bad period falls back with a message.
        ("/?period=2023-Q4&status=late&q=xuat&sort=-index&page=2", EVERYONE),
        ("/?period=garbage", EVERYONE),
        ("/?body=999999", only(XH, SC, NOROLE, others=404)),
    ],
    # The overview's rows as a file: the members of a body (every role but a ward's clerk), admins.
    "overview_download": [
        ("/overview/download/csv/", only(REV, APR, SUP, OTHER_ADM, ADM)),
        (
            "/overview/download/xlsx/?period=2023-Q4&status=not_met&sort=-dossiers_on_time_rate",
            only(REV, APR, SUP, OTHER_ADM, ADM),
        ),
        ("/overview/download/pdf/", NOT_FOUND),
    ],
    "profile": [
        ("/profile/01855/?on=2024-04-24", EVERYONE),
        ("/profile/01837/?on=2024-04-24&year=2024", EVERYONE),
        ("/profile/058/", NOT_FOUND),
    ],
    "wards:unit_list": [("/units/", EVERYONE), ("/units/?level=commune&q=Xu%E1%BA%A5t&on=24/04/2024", EVERYONE)],
    "wards:unit_detail": [
        ("/units/01855/?on=2024-04-24", EVERYONE),
        ("/units/01843/", EVERYONE),
        ("/units/99999/", NOT_FOUND),
    ],
    "digital_metrics:indicator_list": [("/catalogue/indicators/", EVERYONE)],
    "procedures:procedure_list": [("/procedures/", EVERYONE)],
    # Who writes some ward's figures uploads sheets; each row is then checked.
    "procedures:activity_import": [("/procedures/activity/import/", only(XH, SC, ADM))],
    "procedures:activity_confirm": [("/procedures/activity/import/abc/", POST_ONLY)],
    # Sông Cầu's draft: its clerk, and the system admin who may correct any ward's figures.
    "procedures:dossiers": [("/procedures/dossiers/01837/2024/2/", only(SC, ADM, others=404))],
    "par_index:index": [("/par/", EVERYONE)],
    # Frameworks: the province's appraisers (Sở Nội vụ) and the system admin who keeps the catalogue.
    "par_index:framework_list": [("/par/frameworks/", only(APR, ADM))],
    "par_index:framework_edit": [("/par/frameworks/{f2023}/", only(APR, ADM))],
    "par_index:criterion_new": [("/par/frameworks/{f2023}/criteria/new/", only(APR, ADM))],
    "par_index:criterion_edit": [("/par/frameworks/{f2023}/criteria/{c21}/", only(APR, ADM))],
    "par_index:runs": [("/par/runs/", only(APR, ADM))],
    # Evidence: the ward, the appraisers, the supervision team, admins above it; not another ward.
    "par_index:evidence": [("/par/evidence/{par_evidence}/", only(XH, APR, SUP, ADM))],
    "par_index:ranking": [
        ("/par/06/2023/", EVERYONE),
        ("/par/06/2022/", EVERYONE),
        ("/par/06/2099/", NOT_FOUND),
        ("/par/06/2023/?body={city_body}", EVERYONE),  # a body's own units within the province's ranking
        ("/par/06/2023/?body=999999", NOT_FOUND),
    ],
    # Approved figures of any units, side by side: everyone signed in reads approved figures.
    "compare": [("/compare/", EVERYONE), ("/compare/?units=01855&on=2024-04-24&indicator=nope", EVERYONE)],
    "par_index:breakdown": [
        ("/par/06/2023/01855/", EVERYONE),
        ("/par/06/2023/01837/", EVERYONE),
        ("/par/06/2023/99999/", NOT_FOUND),
    ],
    # Self-assessment: the ward's own clerk only, not even an admin. Appraisal: the appraisers only.
    "par_index:self_assessment": [
        ("/par/06/2023/01855/self-assessment/", only(XH)),
        ("/par/06/2023/01837/self-assessment/", only(SC)),
    ],
    "par_index:appraisal": [("/par/06/2023/01855/appraisal/", only(APR))],
    "supervision:list": [("/supervision/", EVERYONE)],
    "supervision:create": [("/supervision/new/", only(SUP))],
    # The 2022 thematic supervision covered every ward of the city; the re-supervision, Xuất Hóa alone.
    "supervision:detail": [
        ("/supervision/{thematic}/", only(XH, SC, SUP, ADM, others=404)),
        ("/supervision/{resup}/", only(XH, SUP, ADM, others=404)),
        ("/supervision/999999/", NOT_FOUND),
    ],
    "supervision:edit": [
        ("/supervision/{resup}/edit/", {**only(SUP, others=404), XH: 403, ADM: 403}),
        ("/supervision/{thematic}/edit/", {**only(SUP, others=404), XH: 403, SC: 403, ADM: 403}),
    ],
    "supervision:document_upload": [("/supervision/{resup}/documents/", POST_ONLY)],
    "supervision:recommendation_add": [
        ("/supervision/{resup}/recommendations/new/", {**only(SUP, others=404), XH: 403, ADM: 403})
    ],
    "supervision:document": [("/supervision/documents/{document}/", only(XH, SUP, ADM, others=404))],
    "supervision:evidence": [("/supervision/evidence/{evidence}/", only(XH, SUP, ADM, others=404))],
    "supervision:recommendations": [
        ("/supervision/recommendations/", EVERYONE),
        ("/supervision/recommendations/?unit=01855&status=in_progress&overdue=1", EVERYONE),
    ],
    "supervision:recommendation": [
        ("/supervision/recommendations/{rec}/", only(XH, SUP, ADM, others=404)),
        ("/supervision/recommendations/{earlier}/", only(XH, SUP, ADM, others=404)),
        ("/supervision/recommendations/999999/", NOT_FOUND),
    ],
    "supervision:recommendation_edit": [
        ("/supervision/recommendations/{rec}/edit/", {**only(SUP, others=404), XH: 403, ADM: 403})
    ],
    "supervision:progress": [("/supervision/recommendations/{rec}/progress/", POST_ONLY)],
    "supervision:verify": [("/supervision/recommendations/{rec}/verify/", POST_ONLY)],
    # Reviewing is the UBND's job; the system admin reads the list, approves nothing.
    "reports:review": [("/reports/review/", only(REV, OTHER_ADM, ADM))],
    "reports:periods": [("/reports/periods/", only(REV))],
    "reports:import": [("/reports/import/", only(XH, SC, ADM))],
    "reports:import_confirm": [("/reports/import/abc/", POST_ONLY)],
    "reports:excel_many": [("/reports/excel/2024/2/", only(XH, SC, ADM))],
    "reports:detail": [
        # A draft: its ward's clerk and the admin; not the HĐND, not the UBND before it is submitted.
        ("/reports/01837/2024/2/", only(SC, ADM, others=404)),
        # Phùng Chí Kiên's submitted report: pending, read by the UBND that reviews it, not by the HĐND.
        ("/reports/01843/2024/2/", only(REV, ADM, others=404)),
        # An approved report: everyone signed in.
        ("/reports/01855/2024/1/", EVERYONE),
        # A quarter without a report: the ward's own clerk starts it.
        ("/reports/01855/2024/2/", only(XH, ADM, others=404)),
        # Xuất Hóa ended on 30/06/2025; 01855 names no unit in Quý III/2025.
        ("/reports/01855/2025/3/", NOT_FOUND),
        ("/reports/058/2024/1/", NOT_FOUND),
    ],
    "reports:edit": [
        ("/reports/01837/2024/2/edit/", only(SC, ADM, others=404)),
        # Approved: nobody edits it; who may write is sent back to the report.
        ("/reports/01855/2024/1/edit/", {**only(others=403), XH: 302, ADM: 302}),
        ("/reports/01855/2024/2/edit/", only(XH, ADM, others=404)),
    ],
    # The paper to sign: a report sent or approved, for whoever reads it; a draft has none.
    "reports:print": [("/reports/01855/2024/1/print/", EVERYONE), ("/reports/01837/2024/2/print/", NOT_FOUND)],
    "reports:submit": [("/reports/01837/2024/2/submit/", POST_ONLY)],
    "reports:approve": [("/reports/01837/2024/2/approve/", POST_ONLY)],
    "reports:return": [("/reports/01837/2024/2/return/", POST_ONLY)],
    "reports:reopen": [("/reports/01837/2024/2/reopen/", POST_ONLY)],
    # The one-stop system's figures on the form: accept, or keep the ward's figure with a reason (tests/onestop/).
    "onestop:accept": [("/onestop/01855/2024/2/accept/", POST_ONLY)],
    "onestop:override": [("/onestop/01855/2024/1/override/", POST_ONLY)],
    "reports:excel_unit": [
        ("/reports/01837/2024/2/excel/", only(SC, ADM, others=404)),
        ("/reports/01855/2024/1/excel/", EVERYONE),
        ("/reports/01855/2024/3/excel/", only(XH, ADM, others=404)),  # a quarter not started: its ward's template
    ],
    # The per-procedure detail sheet of a ward's quarter, as the quarter's values template.
    "procedures:activity_excel": [
        ("/procedures/activity/01855/2024/1/excel/", EVERYONE),
        ("/procedures/activity/01855/2024/3/excel/", only(XH, ADM, others=404)),
    ],
    # An import job is seen by who uploaded it (Xuất Hóa's clerk here); anyone else gets 404.
    "reports:import_job": [("/reports/import/jobs/{values_job}/", only(XH, others=404))],
    "reports:import_job_confirm": [("/reports/import/jobs/{values_job}/confirm/", POST_ONLY)],
    "procedures:activity_import_job": [("/procedures/activity/import/jobs/{activity_job}/", only(XH, others=404))],
    "procedures:activity_import_job_confirm": [("/procedures/activity/import/jobs/{activity_job}/confirm/", POST_ONLY)],
    # Publishing the official ranking: the province's appraisers (Sở Nội vụ) only, not even the admin.
    "par_index:ranking_publish": [("/par/06/2023/publish/", POST_ONLY)],
    "par_index:ranking_announce": [("/par/06/2023/announce/", only(APR)), ("/par/06/2099/announce/", NOT_FOUND)],
    # Supervision documents: the list and issued files for whoever reads the supervision; drafts for its team.
    "documents:list": [("/supervision/{resup}/papers/", only(XH, SUP, ADM, others=404))],
    "documents:generate": [("/supervision/{resup}/papers/generate/", POST_ONLY)],
    "documents:issue": [("/supervision/papers/{paper_draft}/issue/", POST_ONLY)],
    "documents:file": [
        ("/supervision/papers/{paper_issued}/pdf/", only(XH, SUP, ADM, others=404)),
        ("/supervision/papers/{paper_draft}/docx/", only(SUP, ADM, others=404)),
    ],
    # Exports: whoever follows some units (the page offers what each may export); jobs: their author (and a superuser).
    "exports:page": [("/exports/", EVERYONE)],
    "jobs:list": [("/jobs/", EVERYONE)],
    "jobs:detail": [("/jobs/{export_job}/", only(SUP, ADM, others=404))],
    "jobs:file": [("/jobs/{export_job}/file/", only(SUP, ADM, others=404))],
    "login": [("/accounts/login/", PUBLIC)],
    "password_change": [("/accounts/password/", EVERYONE)],
    "password_change_done": [("/accounts/password/done/", EVERYONE)],
    "password_reset": [("/accounts/password/reset/", PUBLIC)],
    "password_reset_done": [("/accounts/password/reset/sent/", PUBLIC)],
    "password_reset_confirm": [("/accounts/reset/MQ/not-a-token/", PUBLIC)],  # the page says the link is invalid
    "password_reset_complete": [("/accounts/reset/done/", PUBLIC)],
    "api_tokens": [("/accounts/tokens/", EVERYONE)],
    "logout": [("/accounts/logout/", only(others=405, anon=405))],
    "set_language": [("/i18n/setlang/?next=/units/", only(others=302, anon=302))],  # a GET goes back to next
    "unit-list": [
        ("/api/v1/units/?level=province&date=2025-07-01", API_EVERYONE),
        ("/api/v1/units/?code=01843&date=2024-04-24", API_EVERYONE),
    ],
    "unit-detail": [("/api/v1/units/{unit}/", API_EVERYONE)],
    "indicator-list": [("/api/v1/indicators/", API_EVERYONE)],
    "indicator-detail": [("/api/v1/indicators/chip_id_cards/", API_EVERYONE)],
    "supervision-list": [("/api/v1/supervisions/", API_EVERYONE)],
    "supervision-detail": [("/api/v1/supervisions/{resup}/", only(XH, SUP, ADM, others=404, anon=401))],
    "recommendation-list": [
        ("/api/v1/recommendations/", API_EVERYONE),
        ("/api/v1/recommendations/?unit=01855&status=done&overdue=false", API_EVERYONE),
    ],
    "recommendation-detail": [("/api/v1/recommendations/{rec}/", only(XH, SUP, ADM, others=404, anon=401))],
    "recommendation-progress": [("/api/v1/recommendations/{rec}/progress/", only(others=405, anon=401))],
    "recommendation-verify": [("/api/v1/recommendations/{rec}/verify/", only(others=405, anon=401))],
    "api-root": [("/api/v1/", API_EVERYONE)],
    "report-list": [
        ("/api/v1/reports/", API_EVERYONE),
        ("/api/v1/reports/?unit=01837&year=2024&quarter=2", API_EVERYONE),
    ],
    "report-detail": [
        ("/api/v1/reports/01837/2024/2/", only(SC, ADM, others=404, anon=401)),
        ("/api/v1/reports/01855/2024/1/", API_EVERYONE),
        ("/api/v1/reports/01855/2024/2/", only(others=404, anon=401)),
    ],
    "report-submit": [("/api/v1/reports/01837/2024/2/submit/", only(others=405, anon=401))],
    "report-approve": [("/api/v1/reports/01837/2024/2/approve/", only(others=405, anon=401))],
    "report-return": [("/api/v1/reports/01837/2024/2/return/", only(others=405, anon=401))],
    # Only a one-stop system's account sends batches (POST); a person's account is refused before the method.
    "onestop-batches": [("/api/v1/onestop/batches/", only(others=403, anon=401))],
    "api-profile": [
        ("/api/v1/profiles/01855/?on=2024-04-24", API_EVERYONE),
        ("/api/v1/profiles/01855/?on=24-04-2024", only(others=400, anon=401)),
        ("/api/v1/profiles/058/", only(others=404, anon=401)),
    ],
    "ranking-list": [
        ("/api/v1/rankings/?scope=06&year=2023", API_EVERYONE),
        ("/api/v1/rankings/?scope=06&year=2023&on=2024-04-24", API_EVERYONE),
        ("/api/v1/rankings/?scope=06", only(others=400, anon=401)),
        ("/api/v1/rankings/?scope=06&year=2099", only(others=404, anon=401)),
    ],
    "ranking-detail": [
        ("/api/v1/rankings/06/2023/01855/", API_EVERYONE),
        ("/api/v1/rankings/06/2023/99999/", only(others=404, anon=401)),
    ],
    # The public pages and open data: everyone, signed in or not (tests/public/ checks that nothing unpublished leaks).
    "public:index": [("/public/", PUBLIC)],
    "public:body": [("/public/{city_body}/", PUBLIC), ("/public/{other_body}/", only(others=404, anon=404))],
    "public:unit": [
        ("/public/{city_body}/01855/", PUBLIC),
        ("/public/{city_body}/01843/", PUBLIC),
        ("/public/{city_body}/99999/", only(others=404, anon=404)),
    ],
    "public:data_index": [("/public/data/", PUBLIC)],
    "public:data": [
        ("/public/data/rankings.csv", PUBLIC),
        ("/public/data/figures.json", PUBLIC),
        ("/public/data/recommendations.csv", PUBLIC),
        ("/public/data/members.csv", only(others=404, anon=404)),
    ],
    # An issued document the council published: everyone; a draft or an unpublished one: nobody.
    "public:paper": [
        ("/public/documents/{public_paper}.pdf", PUBLIC),
        ("/public/documents/{paper_issued}.pdf", only(others=404, anon=404)),
        ("/public/documents/{paper_draft}.pdf", only(others=404, anon=404)),
    ],
    # Publishing: the supervision team and the admins of an HĐND (their own body's content).
    "public:manage": [("/public/manage/", only(SUP, OTHER_ADM, ADM))],
    "public:publish": [("/public/manage/publish/", POST_ONLY)],
    "public:withdraw": [("/public/manage/{publication}/withdraw/", POST_ONLY)],
    "public-rankings": [("/api/v1/public/rankings/", PUBLIC)],
    "public-figures": [("/api/v1/public/figures/", PUBLIC)],
    "public-recommendations": [("/api/v1/public/recommendations/", PUBLIC)],
    # The schema describes the API and holds no data: public.
    "api-schema": [("/api/schema/", PUBLIC)],
    "api-docs": [("/api/docs/", PUBLIC)],
}

# Django's admin site, tried on a few of its pages (its own routes are not listed one by one).
ADMIN_PAGES = [
    "/admin/",
    "/admin/wards/administrativeunit/?q=01855",
    "/admin/digital_metrics/indicator/",
    "/admin/procedures/procedure/",
    "/admin/supervision/supervision/",
    "/admin/supervision/recommendation/{rec}/change/",
]


def routes(patterns=None, namespace=""):
    """Every named route of the portal (the admin site's own apart)."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            if p.app_name == "admin":
                continue
            yield from routes(p.url_patterns, namespace + (f"{p.namespace}:" if p.namespace else ""))
        elif isinstance(p, URLPattern) and p.name:
            yield namespace + p.name


def test_every_route_is_in_the_matrix():
    missing = sorted(set(routes()) - set(MATRIX))
    assert not missing, f"routes without a row in the URL × persona matrix: {missing}"
    stale = sorted(set(MATRIX) - set(routes()))
    assert not stale, f"rows of the matrix for routes that no longer exist: {stale}"


CASES = [(url, persona, rules[persona]) for rows in MATRIX.values() for url, rules in rows for persona in rules]
CASES += [(url, persona, ADMIN_SITE[persona]) for url in ADMIN_PAGES for persona in ADMIN_SITE]


@pytest.fixture
def ids(settings, tmp_path, django_user_model):
    from demo.supervision import RESUPERVISION_TITLE, THEMATIC_TITLE
    from par_index.models import Criterion, Evidence, Framework, Score
    from public.models import Publication
    from supervision.models import Supervision
    from supervision.services import document_add, progress_note_add
    from tests.supervision.conftest import pdf
    from wards.models import AdministrativeUnit, SupervisingBody

    settings.MEDIA_ROOT = tmp_path / "media"
    thematic = Supervision.objects.get(title=THEMATIC_TITLE)
    resup = Supervision.objects.get(title=RESUPERVISION_TITLE)
    rec = resup.recommendations.order_by("number")[1]  # conclusion 2: in progress, addressed to Xuất Hóa
    team = django_user_model.objects.get(username="giamsat")
    clerk = django_user_model.objects.get(username="canbo_xuathoa")
    document = document_add(supervision=resup, by=team, kind="plan", upload=pdf())
    note = progress_note_add(recommendation=rec, by=clerk, text="Kèm biên bản", status="in_progress", files=[pdf()])
    framework = Framework.objects.get(province__code="06", year=2023)
    score = Score.objects.get(criterion__framework=framework, criterion__code="1.1", unit__code="01855")
    par_evidence = Evidence.objects.create(score=score, file=SimpleUploadedFile("ke-hoach.pdf", b"%PDF-1.4 plan"))
    made = {
        "thematic": thematic.pk,
        "resup": resup.pk,
        "rec": rec.pk,
        "earlier": thematic.recommendations.order_by("number").first().pk,
        "document": document.pk,
        "evidence": note.evidence.get().pk,
        "f2023": framework.pk,
        "c21": Criterion.objects.get(framework=framework, code="2.1").pk,
        "par_evidence": par_evidence.pk,
        "unit": AdministrativeUnit.objects.get(code="01855", level="commune", valid_to__isnull=False).pk,
        "city_body": SupervisingBody.objects.get(name="HĐND thành phố Bắc Kạn").pk,
        "values_job": job(clerk, "digital_metrics.reports.excel.values.ValuesImporter"),
        "other_body": SupervisingBody.objects.get(name="HĐND phường Bắc Kạn").pk,
        "publication": Publication.objects.active().filter(supervision=resup).get().pk,
        "activity_job": job(clerk, "procedures.activity_import.ActivityImporter"),
    }
    return Lazy(
        made,
        paper_draft=lambda: paper(resup.pk, issued=False),
        paper_issued=lambda: paper(resup.pk, issued=True),
        export_job=export_job,
        public_paper=lambda: published_paper(resup.pk),
    )


class Lazy(dict):
    """ids made on first use only (a document is rendered, a job written) by the URLs that name them."""

    def __init__(self, made: dict, **factories):
        super().__init__(made)
        self.factories = factories

    def __missing__(self, key):
        self[key] = self.factories[key]()
        return self[key]


def paper(supervision_pk: int, *, issued: bool) -> int:
    import datetime

    from documents.services import paper_generate, paper_issue
    from supervision.models import Supervision

    team = person(SUP)
    draft = paper_generate(supervision=Supervision.objects.get(pk=supervision_pk), kind="report", by=team)
    if issued:
        return paper_issue(paper=draft, by=team, number="12/BC-ĐGS", day=datetime.date(2024, 4, 25)).pk
    return paper_generate(supervision=draft.supervision, kind="conclusion", by=team).pk


def published_paper(supervision_pk: int) -> int:
    """An issued report of the re-supervision, published by the council with it."""
    from documents.models import Paper
    from public.services import publication_publish

    paper_pk = paper(supervision_pk, issued=True)
    issued = Paper.objects.select_related("supervision__body").get(pk=paper_pk)
    publication_publish(body=issued.supervision.body, kind="paper", paper=issued, by=person(SUP))
    return paper_pk


def export_job() -> int:
    """A finished export of the supervision team's, with its file."""
    from django.core.files.base import ContentFile

    from jobs.choices import JobStatus
    from jobs.models import Job

    job = Job.objects.create(kind="export", created_by=person(SUP), status=JobStatus.DONE, progress=100)
    job.result.save("xep-hang.csv", ContentFile(b"\xef\xbb\xbfunit\n01855\n"), save=False)
    job.result_name, job.result_type = "xep-hang.csv", "text/csv"
    job.save()
    return job.pk


def job(user, importer: str) -> int:
    """An import job of ``user``'s, waiting for its confirmation."""
    from django.utils import timezone

    from digital_metrics.choices import ImportStatus
    from digital_metrics.models import ImportJob

    now = timezone.now()
    return ImportJob.objects.create(
        importer=importer,
        status=ImportStatus.PLANNED,
        created_by=user,
        created_at=now,
        updated_at=now,
        original_name="so-lieu.xlsx",
        size=1,
    ).pk


@pytest.mark.parametrize(("url", "persona", "status"), CASES)
def test_every_url_by_every_persona(as_persona, ids, url, persona, status):
    assert_get(as_persona(persona), url.format_map(ids), persona, status, login_page=not url.startswith("/i18n/"))
