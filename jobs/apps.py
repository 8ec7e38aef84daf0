from django.apps import AppConfig


class JobsConfig(AppConfig):
    """Background jobs any app can run: a row per job (kind, status, progress,
    result file, error, who, when), enqueued after commit, run by one thin
    Celery task that loads the row by id and calls the kind's handler. See
    jobs/README.md."""

    name = "jobs"
    verbose_name = "Tác vụ nền"
