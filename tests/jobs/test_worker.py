"""A country-sized export path end to end with a real Celery worker on Redis and
PostgreSQL (the PostgreSQL/Redis pass): the page returns at once, the worker
writes the file, the page's poll shows it done with a download link."""

import io

import openpyxl
import pytest

from conftest import set_eager
from demo import seed
from exports.datasets import Request
from exports.services import export_start
from jobs.models import Job
from tests.par_index.workers import Worker, require_real_parts, unique_queue, use_broker, wait_for
from wards.models import AdministrativeUnit

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def real_worker(settings, tmp_path, monkeypatch):
    broker = require_real_parts()
    queue = unique_queue()
    media = tmp_path / "media"
    # The worker (a subprocess) reads these from its environment; this process from settings.
    monkeypatch.setenv("JOBS_QUEUE", queue)
    monkeypatch.setenv("MEDIA_ROOT", str(media))
    settings.JOBS_QUEUE, settings.MEDIA_ROOT = queue, media
    eager = set_eager(False)
    worker = Worker(broker_url=broker, queue=queue, log=tmp_path / "worker.log")
    yield worker
    worker.stop()
    set_eager(eager)
    use_broker(None)


def test_a_province_export_runs_on_a_worker_and_is_downloaded(demo_tx, real_worker, user, as_persona):
    province = AdministrativeUnit.objects.get(code=seed.PROVINCE_CODE, level="province")
    job = export_start(request=Request("values", "xlsx", province, 2023), by=user("admin"))
    assert isinstance(job, Job)
    client = as_persona("admin")
    try:
        wait_for(lambda: Job.objects.get(pk=job.pk).is_finished, timeout=60)
    except TimeoutError:
        pytest.fail("the worker did not finish the job\n" + real_worker.output())
    job.refresh_from_db()
    assert job.status == "done", job.error + real_worker.output()
    partial = client.get(f"/jobs/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert "hx-trigger" not in partial and f"/jobs/{job.pk}/file/" in partial
    content = b"".join(client.get(f"/jobs/{job.pk}/file/").streaming_content)
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    assert len(rows) == 1 + 108 * 4
