"""One settings module, configured by environment variables (see README).

With nothing set it runs on a SQLite file with Celery in eager mode and a
local-memory cache, so ``make run`` needs no services. Production and CI set
DATABASE_URL, CELERY_BROKER_URL and REDIS_URL.
"""

import os
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from oversight_portal.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent

# openpyxl reads uploaded workbooks through defusedxml only when it does not use
# lxml, which python-docx and docxtpl (supervision documents) bring in: keep
# openpyxl on the hardened parser. Read when openpyxl is first imported, so here.
os.environ.setdefault("OPENPYXL_LXML", "False")

DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError("SECRET_KEY must be set when DEBUG is off")
    SECRET_KEY = "dev-only-insecure-key-change-me"  # noqa: S105 - only used with DEBUG on
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "Cổng giám sát CCHC và chuyển đổi số")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    # Domain apps, lowest first: an app imports only apps above it in this list
    # (core, at the bottom, imports none of them).
    "core",
    "jobs",
    "wards",
    "digital_metrics",
    "procedures",
    "par_index",
    "supervision",
    "exports",
    "documents",
    "dashboards",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "oversight_portal.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "oversight_portal.urls"
WSGI_APPLICATION = "oversight_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wards.context_processors.roles",
            ],
        },
    },
]

# Database: a SQLite file unless DATABASE_URL is set (postgres://user@host:5432/name).
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else local memory.
REDIS_URL = env_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese first, English second. Dates and numbers follow the locale through
# our own formats module (Django's vi locale has a d-m-Y short date and no input
# formats, so a typed 05/04/2024 could be read as 4 May).
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["oversight_portal.formats"]
USE_I18N = True
# Thousands separators are applied by our number filters, not globally: a global
# switch would print years as "2.024" and primary keys as "1.234".
USE_THOUSAND_SEPARATOR = False
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (package-lock.json), never a CDN.
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chart.js", NODE_MODULES / "chart.js" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = "media/"
# Uploads above this size are refused before they are read (Excel, evidence files).
MAX_UPLOAD_BYTES = env_int("MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_UPLOAD_BYTES

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 100,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "COERCE_DECIMAL_TO_STRING": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Oversight portal API",
    "DESCRIPTION": "Administrative units, indicators, quarterly reports, rankings, supervisions.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "SupervisionKindEnum": "supervision.choices.SupervisionKind",
        "FindingKindEnum": "supervision.choices.FindingKind",
        "SuccessionKindEnum": "wards.choices.SuccessionKind",
        "RecommendationStatusEnum": "supervision.choices.RecommendationStatus",
        "ReportStatusEnum": "digital_metrics.choices.ReportStatus",
    },
}

# Celery: eager (in-process) unless a broker is configured.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = CELERY_BROKER_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A publish must not hang a web request when the broker is down: fail fast, the
# periodic sweep re-enqueues whatever was left stale.
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_BEAT_SCHEDULE: dict = {}
# PAR rankings: re-enqueue stale scope-years whose task was lost (broker down at approval time).
# Queue of the ranking recompute tasks ('' = Celery's default queue); tests give each worker its own.
PAR_RECOMPUTE_QUEUE = env_str("PAR_RECOMPUTE_QUEUE", "")
CELERY_BEAT_SCHEDULE["par-index-sweep-stale"] = {
    "task": "par_index.tasks.sweep_stale_rankings",
    "schedule": env_int("PAR_SWEEP_SECONDS", 60),
}
# Recommendation reminders: one digest per person per day, at 07:00 Việt Nam time.
SUPERVISION_REMINDER_DAYS_BEFORE = env_int("SUPERVISION_REMINDER_DAYS_BEFORE", 7)
CELERY_BEAT_SCHEDULE["supervision-reminders"] = {
    "task": "supervision.tasks.send_recommendation_reminders",
    "schedule": crontab(hour=7, minute=0),
}

# Background jobs (jobs app): which function runs each kind of job, on which queue, how long results stay.
JOB_HANDLERS = {
    "export": "exports.services.run_export_job",
}
JOBS_QUEUE = env_str("JOBS_QUEUE", "")  # '' = Celery's default queue
# An export's file is kept this many hours after it is made, then deleted by the sweep.
JOBS_KEEP_HOURS = env_int("JOBS_KEEP_HOURS", 72)
CELERY_BEAT_SCHEDULE["jobs-sweep"] = {"task": "jobs.tasks.sweep_jobs", "schedule": env_int("JOBS_SWEEP_SECONDS", 60)}

# Quarterly reports (digital_metrics): a quarter's report is due this many days
# after the quarter ends (20/04 for Quý I); after that an admin may lock it.
REPORT_DEADLINE_DAYS = env_int("REPORT_DEADLINE_DAYS", 20)
# The first year the clerks' "what is due" list goes back to.
REPORTING_FIRST_YEAR = env_int("REPORTING_FIRST_YEAR", 2022)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "cong-giam-sat@localhost")

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
