"""Large sheets are imported by a Celery job (digital_metrics.reports.excel.jobs):
the upload page queues it and shows its progress; the worker plans and renders
the preview; confirm queues the write, all or nothing against the versions the
user saw. Eager Celery here; a real worker in the PostgreSQL/Redis pass."""

import datetime

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from digital_metrics.choices import ImportStatus
from digital_metrics.models import AuditEntry, ImportJob, QuarterlyReport
from digital_metrics.reports import services
from digital_metrics.reports.excel import jobs

from .conftest import old_commune
from .rules import GOOD_VALUES
from .test_import import row, upload
from .xlsx import workbook

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def every_file_is_a_job(settings, eager):
    settings.IMPORT_INLINE_MAX_BYTES = 0


def start(client, data, capture):
    with capture(execute=True):
        response = upload(client, data)
    assert response.status_code == 302, response.content[:500]
    return ImportJob.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1])), response["Location"]


def test_a_job_previews_every_change_then_writes_it_on_confirm(as_persona, django_capture_on_commit_callbacks, user):
    client = as_persona("clerk_xuathoa")
    job, url = start(client, workbook([row("01855", **GOOD_VALUES)]), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.PLANNED and job.has_changes and job.created_by == user("canbo_xuathoa")
    assert job.rows_read == 1 and job.error_count == 0 and default_storage.exists(job.file)
    page = client.get(url).content.decode()
    assert "Thẻ CCCD gắn chíp" in page and "2.560" in page and "Xác nhận ghi tất cả" in page
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()

    with django_capture_on_commit_callbacks(execute=True):
        confirm = client.post(f"{url}confirm/")
    assert confirm.status_code == 302 and confirm["Location"] == url
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and "Đã ghi" in job.result and not job.file
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    assert report.values.get(indicator__code="chip_id_cards").value == 2560
    audited = AuditEntry.objects.filter(report=report, source="excel")
    assert audited.filter(action="value").count() == len(GOOD_VALUES)
    assert audited.get(indicator_code="households").by.username == "canbo_xuathoa"
    assert "Đã ghi" in client.get(url).content.decode()
    # A second confirm (a double click, a replay) writes nothing more.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}confirm/")
    assert audited.filter(action="value").count() == len(GOOD_VALUES)


def test_errors_are_shown_and_nothing_can_be_confirmed(as_persona, django_capture_on_commit_callbacks):
    client = as_persona("clerk_xuathoa")
    job, url = start(client, workbook([row("01837", campaigns_mobile=2)]), django_capture_on_commit_callbacks)
    assert job.status == ImportStatus.PLANNED and not job.has_changes and job.error_count == 1 and not job.file
    page = client.get(url).content.decode()
    assert "Bạn không có quyền nhập số liệu của" in page and "Xác nhận ghi tất cả" not in page


def test_a_write_between_preview_and_confirm_fails_the_job_and_writes_nothing(
    as_persona, songcau_draft, user, django_capture_on_commit_callbacks
):
    client = as_persona("clerk_songcau")
    job, url = start(
        client, workbook([row("01837", version=1, campaigns_mobile=2)]), django_capture_on_commit_callbacks
    )
    services.report_save_values(report=songcau_draft, raw={"campaigns_mobile": "4"}, version=1, by=user("admin"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"{url}confirm/")
    job.refresh_from_db()
    assert job.status == ImportStatus.FAILED and "chưa ghi gì" in job.result
    assert QuarterlyReport.objects.get(pk=songcau_draft.pk).values.get(indicator__code="campaigns_mobile").value == 4


def test_only_the_uploader_sees_a_job(as_persona, django_capture_on_commit_callbacks):
    _job, url = start(
        as_persona("clerk_xuathoa"), workbook([row("01855", campaigns_mobile=2)]), django_capture_on_commit_callbacks
    )
    for persona in ("clerk_songcau", "supervisor", "admin"):
        assert as_persona(persona).get(url).status_code == 404
        assert as_persona(persona).post(f"{url}confirm/").status_code == 404
    assert as_persona("anonymous").get(url).status_code == 302
    assert (
        as_persona("clerk_xuathoa").get(url.replace("/reports/import/", "/procedures/activity/import/")).status_code
        == 404
    )


def test_the_page_polls_while_a_worker_is_busy_then_reloads(as_persona, user):
    client = as_persona("clerk_xuathoa")
    job = jobs.start(
        importer=jobs.import_string("digital_metrics.reports.excel.values.ValuesImporter")(),
        data=workbook([row("01855", campaigns_mobile=2)]),
        name="bao-cao.xlsx",
        by=user("canbo_xuathoa"),
        language="vi",
    )  # queued: on_commit never runs inside the test's transaction
    url = f"/reports/import/jobs/{job.pk}/"
    page = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in page and "Đang chờ xử lý" in page
    partial = client.get(url, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200 and b"<html" not in partial.content and b"job-progress" in partial.content
    jobs.plan_job(job_id=job.pk)
    done = client.get(url, HTTP_HX_REQUEST="true")
    assert done.status_code == 204 and done["HX-Refresh"] == "true"


def test_the_sweep_expires_abandoned_previews_and_fails_stuck_jobs(
    as_persona, django_capture_on_commit_callbacks, settings
):
    client = as_persona("clerk_xuathoa")
    planned, _url = start(client, workbook([row("01855", campaigns_mobile=2)]), django_capture_on_commit_callbacks)
    stuck, _url = start(client, workbook([row("01855", campaigns_mobile=3)]), django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=stuck.pk).update(status=ImportStatus.READING)
    # An in-request preview left in a session, and a fresh one.
    settings.IMPORT_INLINE_MAX_BYTES = 10**9
    token = upload(client, workbook([row("01855", campaigns_mobile=4)])).context["token"]
    inline_file = f"imports/values-{token}.xlsx"
    assert default_storage.exists(inline_file) and default_storage.exists(planned.file)

    assert jobs.sweep() == {"expired": 0, "failed": 0, "files": 0}  # nothing is old yet
    later = timezone.now() + datetime.timedelta(hours=settings.IMPORT_PREVIEW_MAX_AGE_HOURS, minutes=1)
    result = jobs.sweep(now=later)
    assert result["expired"] == 1 and result["failed"] == 1 and result["files"] >= 1
    planned.refresh_from_db()
    stuck.refresh_from_db()
    assert planned.status == ImportStatus.EXPIRED and not planned.file
    assert stuck.status == ImportStatus.FAILED and "gián đoạn" in stuck.result
    assert not default_storage.exists(inline_file)
    assert client.post(f"/reports/import/{token}/").status_code == 302  # the preview is gone, nothing written
    assert not QuarterlyReport.objects.filter(unit=old_commune("01855"), year=2024, quarter=2).exists()


def test_the_sweep_runs_from_celery_beat(settings):
    from oversight_portal.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["imports-sweep-abandoned"]
    assert entry["task"] == "digital_metrics.tasks.sweep_abandoned_imports" and entry["task"] in app.tasks
