"""One settings module, configured by environment variables (see README).

With nothing set it runs on a SQLite file with Celery in eager mode and a
local-memory cache, so ``make run`` needs no services. Production and CI set
DATABASE_URL, CELERY_BROKER_URL and REDIS_URL.
"""

import datetime
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
    "knox",
    "axes",
    "csp",
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
    "onestop",
    "par_index",
    "supervision",
    "exports",
    "documents",
    "dashboards",
    "public",
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
    # Hardening (see the section at the end): no NUL byte in a query string, an idle
    # session ends, a Content-Security-Policy on every response, login lockout last (django-axes asks so).
    "core.middleware.RefuseNulMiddleware",
    "core.middleware.SessionIdleTimeoutMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
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
        # Persistent connections: opening a PostgreSQL connection per request
        # halved the login page's rate (issue 10). Checked before reuse, so a
        # connection the server closed is replaced instead of failing a request.
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=env_bool("CONN_HEALTH_CHECKS", True),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, else local memory.
REDIS_URL = env_str("REDIS_URL", "")


def redis_cache(url: str) -> dict:
    """Pages, users' access and sessions go through the cache: when Redis is down or slow a
    read misses and a write is dropped (logged), after at most REDIS_TIMEOUT_MS, and the
    page computes what it would have read; sessions fall back to the database."""
    timeout = env_int("REDIS_TIMEOUT_MS", 500) / 1000
    return {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": url,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": timeout, "SOCKET_TIMEOUT": timeout},
    }


DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
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
# A request body without its files (form fields, a JSON document) above this is
# refused with 400 (pages) or 413 (API) before it is parsed.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so that an anonymous call gets 401 with a WWW-Authenticate header.
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.CappedLimitOffsetPagination",
    "PAGE_SIZE": 100,
    # Bodies read within a size and a nesting depth, with no NUL byte (core/api.py).
    "DEFAULT_PARSER_CLASSES": ["core.api.JSONParser", "core.api.FormParser", "core.api.MultiPartParser"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.AnonThrottle", "core.api.UserThrottle"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
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
    "schedule": env_int("PAR_SWEEP_SECONDS", 15),
}
# A recompute's claim lasts this long unless its heartbeat renews it (every third of
# it): a killed worker's scope-year is free again within this many seconds.
PAR_LEASE_SECONDS = env_int("PAR_LEASE_SECONDS", 20)
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

# Figures from the one-stop system (onestop): a reported figure differs from the
# system's when the gap exceeds BOTH this many dossiers and this percentage of the
# system's figure (5% or 2 dossiers, whichever is larger); such gaps are flagged to
# the supervision team. A batch carries at most ONESTOP_MAX_ROWS rows (and the
# API's body limit, API_MAX_JSON_BYTES, applies too).
ONESTOP_TOLERANCE_PERCENT = env_int("ONESTOP_TOLERANCE_PERCENT", 5)
ONESTOP_TOLERANCE_DOSSIERS = env_int("ONESTOP_TOLERANCE_DOSSIERS", 2)
ONESTOP_MAX_ROWS = env_int("ONESTOP_MAX_ROWS", 5000)

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

# --- Hardening: request and upload budgets, logins, tokens, headers. -----------------

# The API: a JSON body above this many bytes is refused (413) before it is parsed,
# and so is one nested deeper than API_MAX_JSON_DEPTH.
API_MAX_JSON_BYTES = env_int("API_MAX_JSON_BYTES", 1024 * 1024)
API_MAX_JSON_DEPTH = env_int("API_MAX_JSON_DEPTH", 32)
# ?limit= above this is answered with this many rows (documented in the README).
API_MAX_LIMIT = env_int("API_MAX_LIMIT", 500)
# Requests per minute per account (and per IP address for anonymous calls); 429 above.
API_THROTTLE_RATES = {
    "user": env_str("API_THROTTLE_USER", "1200/min"),
    "anon": env_str("API_THROTTLE_ANON", "60/min"),
}
# API tokens (django-rest-knox): stored hashed, valid this many days, revocable one by one.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
REST_KNOX = {"TOKEN_TTL": datetime.timedelta(days=API_TOKEN_DAYS), "AUTH_HEADER_PREFIX": "Token"}

# An uploaded sheet is read as a stream within this budget (core/xlsx.py): data
# rows, cells, characters of text and seconds; the first excess stops the reading.
IMPORT_MAX_ROWS = env_int("IMPORT_MAX_ROWS", 50_000)
IMPORT_MAX_CELLS = env_int("IMPORT_MAX_CELLS", 2_000_000)
IMPORT_MAX_TEXT_CHARS = env_int("IMPORT_MAX_TEXT_CHARS", 20_000_000)
IMPORT_MAX_SECONDS = env_int("IMPORT_MAX_SECONDS", 30)
# Files up to this size are previewed in the request (bounded by the budget above);
# larger ones become an import job that a Celery worker plans and applies.
IMPORT_INLINE_MAX_BYTES = env_int("IMPORT_INLINE_MAX_BYTES", 256 * 1024)
# Celery queue of import jobs ('' = the default queue), and their hard time limit in seconds.
IMPORT_QUEUE = env_str("IMPORT_QUEUE", "")
IMPORT_TASK_TIME_LIMIT = env_int("IMPORT_TASK_TIME_LIMIT", 300)
# A worker process (prefork) is replaced after a task that left it above this many KiB.
CELERY_WORKER_MAX_MEMORY_PER_CHILD = env_int("CELERY_WORKER_MAX_MEMORY_PER_CHILD", 1_000_000)
# Previews and import jobs nobody confirmed are deleted with their files after this many hours.
IMPORT_PREVIEW_MAX_AGE_HOURS = env_int("IMPORT_PREVIEW_MAX_AGE_HOURS", 24)
CELERY_BEAT_SCHEDULE["imports-sweep-abandoned"] = {
    "task": "digital_metrics.tasks.sweep_abandoned_imports",
    "schedule": crontab(minute=17),
}

# Logins (django-axes): LOGIN_FAILURE_LIMIT wrong passwords for one username from
# one IP address lock that pair for LOGIN_LOCKOUT_MINUTES; the admin login alike.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# Behind the reverse proxy the client's address is the last one the proxy appends
# to X-Forwarded-For; 0 = use REMOTE_ADDR (no proxy).
AXES_IPWARE_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_HOURS", 24) * 3600

# A session ends after this many minutes without a request (core/middleware.py).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
SESSION_COOKIE_AGE = env_int("SESSION_MAX_HOURS", 12) * 3600
# Sessions read from the cache (Redis in production), written through to the database: a
# signed-in page costs a cache read instead of a query, and a flushed cache signs nobody out.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# TLS behind the reverse proxy: the proxy terminates HTTPS and says so in a header
# it sets itself (and strips from clients), e.g. SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto.
# Without it, neither the HTTPS redirect nor secure cookies can work behind a proxy.
_proxy_header = env_str("SECURE_PROXY_SSL_HEADER", "")
if _proxy_header:
    SECURE_PROXY_SSL_HEADER = ("HTTP_" + _proxy_header.upper().replace("-", "_"), "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)

# Content-Security-Policy (django-csp): our own origin only, no inline script or
# style; pages load their scripts from static files (static/js/), never inline.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- Public pages and open data (public/) -------------------------------------------
# Proxies in front of gunicorn: the public pages' rate limit reads the client's address
# from X-Forwarded-For behind this many (as the login lockout does).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Requests per minute per address on /public/ (pages, CSV, JSON); 429 above; 0 = no limit.
PUBLIC_RATE_PER_MINUTE = env_int("PUBLIC_RATE_PER_MINUTE", 120)
# A public page or dataset is rebuilt at once after a publication; other changes
# (a recommendation's status) show within this many seconds.
PUBLIC_CACHE_SECONDS = env_int("PUBLIC_CACHE_SECONDS", 300)
# The licence line of the open data (CSV, JSON, the public API).
PUBLIC_DATA_LICENCE_DEFAULT = (
    "Creative Commons Ghi công 4.0 (CC BY 4.0), https://creativecommons.org/licenses/by/4.0/deed.vi"
)
PUBLIC_DATA_LICENCE = env_str("PUBLIC_DATA_LICENCE", PUBLIC_DATA_LICENCE_DEFAULT)
