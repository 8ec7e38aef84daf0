"""The background-job machinery, whatever the kind: claim once, fail with a
message the user can read, progress on the page (htmx, no inline script),
the sweep's three chores."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from jobs import services
from jobs.choices import JobStatus
from jobs.models import Job
from jobs.services import JobError, Output, job_create, job_execute, job_sweep, output_path, progress_of

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def handlers(settings):
    settings.JOB_HANDLERS = {**settings.JOB_HANDLERS, "test-ok": "tests.jobs.test_jobs.ok_handler"}
    settings.JOB_HANDLERS |= {"test-refused": "tests.jobs.test_jobs.refusing_handler"}
    settings.JOB_HANDLERS |= {"test-crash": "tests.jobs.test_jobs.crashing_handler"}


def ok_handler(*, job, progress):
    path = output_path(".txt")
    for i in range(3):
        progress(i + 1, 3, f"bước {i + 1}")
    path.write_text("xin chào", encoding="utf-8")
    return Output(path, "ket-qua.txt", "text/plain", rows=3)


def refusing_handler(*, job, progress):
    raise JobError("Phạm vi: không còn quyền xuất dữ liệu này.")


def crashing_handler(*, job, progress):
    raise RuntimeError("database went away at 03:00")


def queued(kind, user) -> Job:
    return Job.objects.create(kind=kind, params={}, label="thử", created_by=user)


def test_a_job_runs_once_and_keeps_its_file_for_a_while(handlers, user, settings):
    job = queued("test-ok", user("admin"))
    done = job_execute(job_id=job.pk)
    assert done.status == JobStatus.DONE and done.progress == 100 and done.result_rows == 3
    assert done.result.read().decode() == "xin chào" and done.result_name == "ket-qua.txt"
    assert done.expires_at - done.finished_at == datetime.timedelta(hours=settings.JOBS_KEEP_HOURS)
    assert job_execute(job_id=job.pk) is None  # a redelivered task finds it taken: nothing runs twice
    assert Job.objects.get(pk=job.pk).attempts == 1


def test_a_failure_is_shown_in_words_the_user_can_act_on(handlers, user, caplog):
    refused = job_execute(job_id=queued("test-refused", user("admin")).pk)
    assert refused.status == JobStatus.FAILED and refused.error == "Phạm vi: không còn quyền xuất dữ liệu này."
    crashed = job_execute(job_id=queued("test-crash", user("admin")).pk)
    assert crashed.status == JobStatus.FAILED and "database went away" not in crashed.error
    assert crashed.error.startswith("Lỗi hệ thống")
    assert "database went away" in caplog.text  # the details go to the log, for the admin


def test_jobs_are_enqueued_only_after_commit(handlers, user, eager, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        job = job_create(kind="test-ok", params={}, label="thử", by=user("admin"))
    assert Job.objects.get(pk=job.pk).status == JobStatus.QUEUED and len(callbacks) == 1
    callbacks[0]()
    assert Job.objects.get(pk=job.pk).status == JobStatus.DONE


def test_the_sweep_requeues_lost_jobs_fails_dead_ones_and_deletes_old_files(handlers, user, eager):
    admin = user("admin")
    now = timezone.now()
    lost = queued("test-ok", admin)
    Job.objects.filter(pk=lost.pk).update(created_at=now - datetime.timedelta(minutes=5))
    dead = queued("test-ok", admin)
    Job.objects.filter(pk=dead.pk).update(status=JobStatus.RUNNING, heartbeat_at=now - datetime.timedelta(hours=1))
    old = queued("test-ok", admin)
    old.result.save("cu.txt", ContentFile(b"x"), save=False)
    old.status, old.expires_at = JobStatus.DONE, now - datetime.timedelta(minutes=1)
    old.save()
    path = old.result.path
    result = job_sweep(now=now)
    assert result == {"requeued": 1, "failed": 1, "expired": 1}
    assert Job.objects.get(pk=lost.pk).status == JobStatus.DONE  # run again (eager here)
    assert Job.objects.get(pk=dead.pk).status == JobStatus.FAILED
    old.refresh_from_db()
    assert old.status == JobStatus.EXPIRED and not old.result
    import os

    assert not os.path.exists(path)


def test_the_page_polls_with_htmx_while_running_and_offers_the_file_when_done(handlers, user, as_persona):
    job = queued("test-ok", user("admin"))
    Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, progress=40)
    services.cache.set(services._progress_key(job.pk), (60, "Đã ghi 60/100 dòng"))
    client = as_persona("admin")
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'hx-trigger="every 1s"' in partial and 'value="60"' in partial and "Đã ghi 60/100 dòng" in partial
    assert "<script" not in partial and "<html" not in partial
    assert progress_of(Job.objects.get(pk=job.pk)) == (60, "Đã ghi 60/100 dòng")
    Job.objects.filter(pk=job.pk).update(status=JobStatus.QUEUED)
    job_execute(job_id=job.pk)
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and f"/jobs/{job.pk}/file/" in partial
    assert b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content) == "xin chào".encode()
    # Someone else's job is not there at all.
    assert as_persona("supervisor").get(f"/jobs/{job.pk}/").status_code == 404
    assert as_persona("anonymous").get(f"/jobs/{job.pk}/").status_code == 302
