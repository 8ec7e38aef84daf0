"""An import job run by a real Celery worker (subprocess, Redis, PostgreSQL):
the web request only stores the file and queues the job."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from digital_metrics.choices import ImportStatus
from digital_metrics.models import ImportJob, QuarterlyReport
from tests.par_index.test_worker import real_services, workers  # noqa: F401 - fixtures
from tests.par_index.workers import unique_queue, use_broker, wait_for

from .conftest import old_commune
from .xlsx import workbook

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_real_worker_plans_and_writes_an_import_job(demo_tx, real_services, workers, settings, as_persona):
    queue = unique_queue()
    settings.IMPORT_QUEUE, settings.IMPORT_INLINE_MAX_BYTES = queue, 0
    use_broker(real_services)
    worker = workers(broker_url=real_services, queue=queue, env={"MEDIA_ROOT": settings.MEDIA_ROOT})
    client = as_persona("clerk_xuathoa")
    data = workbook([{"unit_code": "01855", "year": 2024, "quarter": 2, "campaigns_mobile": 5}])
    response = client.post("/reports/import/", {"file": SimpleUploadedFile("bao-cao.xlsx", data)})
    assert response.status_code == 302
    job = ImportJob.objects.get()

    def status():
        job.refresh_from_db()
        return job.status

    try:
        wait_for(lambda: status() == ImportStatus.PLANNED, timeout=60)
        assert client.post(f"{response['Location']}confirm/").status_code == 302
        wait_for(lambda: status() == ImportStatus.DONE, timeout=60)
    except TimeoutError:
        pytest.fail(f"job {job.status}: {job.result}\n" + worker.output()[-3000:])
    report = QuarterlyReport.objects.get(unit=old_commune("01855"), year=2024, quarter=2)
    assert report.values.get(indicator__code="campaigns_mobile").value == 5
