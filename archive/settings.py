"""Settings for every environment, read from the environment (twelve-factor).

`DJANGO_DEBUG=1` is for a developer's machine only. With `DJANGO_DEBUG=0` (the default)
the site refuses to start unless `DJANGO_SECRET_KEY` and `DJANGO_ALLOWED_HOSTS` are set,
and it turns on the HTTPS-only settings that `manage.py check --deploy` asks for.
"""

import base64
import hashlib
import importlib.util
from pathlib import Path

import environ
import pghistory
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
PLACEHOLDER_SECRET_KEYS = {
    "change-me-to-50-or-more-random-characters",  # .env.example
    "insecure-local-development-key-never-in-production",
}

if DEBUG:
    SECRET_KEY = env.str(
        "DJANGO_SECRET_KEY",
        default="insecure-local-development-key-never-in-production",  # noqa: S106
    )
    ALLOWED_HOSTS = env.list(
        "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"]
    )
else:
    try:
        SECRET_KEY = env.str("DJANGO_SECRET_KEY")
        ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")
    except ImproperlyConfigured as error:
        raise ImproperlyConfigured(
            "With DJANGO_DEBUG=0 the archive needs DJANGO_SECRET_KEY and "
            "DJANGO_ALLOWED_HOSTS in the environment (see .env.example)."
        ) from error
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must name at least one host.")
    # A key anyone can read (the example's, the development default) or a short one
    # would let anyone forge sessions: refuse to start rather than warn.
    if (
        SECRET_KEY in PLACEHOLDER_SECRET_KEYS
        or len(SECRET_KEY) < 50
        or len(set(SECRET_KEY)) < 5
    ):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is a placeholder or too short: set 50 or more random "
            "characters, e.g. from python -c 'import secrets; "
            "print(secrets.token_urlsafe(50))'."
        )

INSTALLED_APPS = [
    "archive.apps.ArchiveAdminConfig",  # django.contrib.admin behind two factors
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_static",
    "django_otp.plugins.otp_totp",
    "two_factor",
    "archive",
    "sources",
    "victims",
    "allegations",
    "submissions",
    "reports",
    # After the project's apps: archive's `import` command (history with who and
    # why) replaces the library's.
    "import_export",
]
# Fictional data, its evaluation and benchmark (`make demo`, `make bench`): in a
# checkout only, never in the deployed package or image.
if importlib.util.find_spec("tooling") is not None:
    INSTALLED_APPS.append("tooling")

MIDDLEWARE = [
    "archive.logs.RequestId",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "archive.middleware.RefuseNullBytes",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    "archive.middleware.StaffIdleExpiry",
    "archive.middleware.LogTokenUse",
    # Last, as django-axes asks: it turns a locked-out login into its own answer.
    "axes.middleware.AxesMiddleware",
]

# Staff sign-in: after AXES_FAILURE_LIMIT wrong passwords an account is locked at
# the address they came from; a whole address, or an account tried from many, after
# STAFF_LOGIN_WIDE_FAILURE_LIMIT (archive.lockout: colleagues share an office
# address). Locked until an administrator unlocks (`manage.py axes_reset_username
# NAME`, `axes_reset_ip ADDRESS`, or the admin's access attempts). Sessions end
# after STAFF_IDLE_MINUTES without a request, and after SESSION_COOKIE_AGE whatever
# happens.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("STAFF_LOGIN_FAILURE_LIMIT", default=5)
STAFF_LOGIN_WIDE_FAILURE_LIMIT = env.int("STAFF_LOGIN_WIDE_FAILURE_LIMIT", default=50)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address", "username"]
AXES_HANDLER = "archive.lockout.PairThenWideLockout"
AXES_COOLOFF_TIME = None  # locked until an administrator unlocks
AXES_RESET_ON_SUCCESS = True
STAFF_IDLE_MINUTES = env.int("STAFF_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("SESSION_HOURS", default=12) * 3600
# Two-factor sign-in (django-two-factor-auth, TOTP with recovery codes): required of
# moderators and administrators, offered to editors (archive.roles).
LOGIN_URL = "two_factor:login"
LOGIN_REDIRECT_URL = "admin:index"
OTP_TOTP_ISSUER = "Qantar archive"

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"
ASGI_APPLICATION = "archive.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # Every page is translated and most use the archive's filters: the
            # tags are loaded once here instead of at the top of each template.
            "builtins": [
                "django.templatetags.i18n",
                "django.templatetags.static",
                "archive.templatetags.archive",
            ],
        },
    },
]

# PostgreSQL is the only database: search relies on pg_trgm, history on triggers.
DATABASES = {"default": env.db_url("DATABASE_URL")}
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL.")
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# The role the site and its workers connect as, when migrations run as the tables'
# owner (README, "Database roles"): each migrate grants it what every table allows
# (archive.grants). Empty: one role for everything (a developer's own server).
DATABASE_APP_ROLE = env.str("DATABASE_APP_ROLE", default="")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL")
# The cache (django-redis) forgives Redis being down: a read misses, a write is
# dropped, and the failure is logged. Pages, the statistics' cache, rate limits
# (which then let everyone through) and the region list keep answering.
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "qantar",
        "OPTIONS": {
            "IGNORE_EXCEPTIONS": True,
            "SOCKET_CONNECT_TIMEOUT": 1,
            "SOCKET_TIMEOUT": 2,
        },
    }
}
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {
        "NAME": f"{_VALIDATORS}.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))]
# locale/: the archive's own strings (make messages). locale_vendor/: strings of
# third-party apps that ship no Kazakh catalogue (django-import-export).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_vendor"]
FORMAT_MODULE_PATH = ["archive.formats"]  # Kazakh dates in Kazakh order
TIME_ZONE = "Asia/Almaty"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "archive.storage.WholeFileStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# History is recorded by database triggers, so bulk imports and queryset updates are
# captured too; the events themselves can never be changed or deleted.
PGHISTORY_APPEND_ONLY = True
PGHISTORY_ADMIN_CLASS = "archive.history.HistoryAdmin"
PGHISTORY_ADMIN_MODEL = "archive.HistoryEvent"
PGHISTORY_DEFAULT_TRACKERS = (
    pghistory.InsertEvent(),
    pghistory.UpdateEvent(),
    pghistory.DeleteEvent(),
)

# Spreadsheet import and export in the staff admin (django-import-export).
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"

# How many proxies in front of the site append to X-Forwarded-For (the TLS proxy of
# docker-compose.yml: 1). Rate limits count by the address the nearest trusted proxy
# saw; 0 ignores the header (clients can forge it) and, behind a proxy, would put
# every visitor in one bucket. Production must say which it is.
try:
    TRUSTED_PROXIES = (
        env.int("API_TRUSTED_PROXIES", default=0)
        if DEBUG
        else env.int("API_TRUSTED_PROXIES")
    )
except ImproperlyConfigured as error:
    raise ImproperlyConfigured(
        "With DJANGO_DEBUG=0 set API_TRUSTED_PROXIES: the number of proxies in front "
        "of the site (1 behind the TLS proxy of docker-compose.yml, 0 if none)."
    ) from error
# django-axes counts failed sign-ins by the address the nearest trusted proxy saw.
AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXIES or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"] if TRUSTED_PROXIES else ["REMOTE_ADDR"]
)

# The partner API (archive.api). Anonymous callers and each partner token have their
# own rate; staff sessions are not throttled.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "archive.api.ArchiveSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "archive.access.PartnerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "archive.paging.UpdatedCursorPagination",
    "DEFAULT_THROTTLE_CLASSES": [
        "archive.access.AnonymousThrottle",
        "archive.access.PartnerTokenThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anonymous": env.str("API_ANONYMOUS_RATE", default="60/minute"),
        "partner": env.str("API_PARTNER_RATE", default="600/minute"),
    },
    "EXCEPTION_HANDLER": "archive.api.exception_handler",
    "NUM_PROXIES": TRUSTED_PROXIES,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Qantar archive API",
    "DESCRIPTION": (
        "The people killed, detained, injured and tortured in and after the January "
        "2022 events in Kazakhstan, each fact with the sources that report it. "
        "Anonymous callers read public records; partner tokens (`Authorization: "
        "Bearer qa_...`) read what their scopes allow. Lists are cursor-paginated in "
        "order of last change: pass `updated_since` to fetch only what changed."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "archive.api.document_parameters",
        "archive.api.document_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "VisibilityEnum": "archive.visibility.Visibility",
        "OutcomeEnum": "victims.models.choices.Outcome",
        "CauseEnum": "victims.models.choices.Cause",
        "AnswerEnum": "archive.models.Answer",
        "DatePrecisionEnum": "archive.dates.DatePrecision",
        "SubmissionKindEnum": "submissions.models.Kind",
    },
}

# Celery: a real broker everywhere, never eager. Late acknowledgement so that a task
# whose worker dies is delivered again; the visibility timeout bounds how long a task
# held by a vanished worker waits before redelivery, and the hard time limit keeps
# every task shorter than that timeout so it is never delivered twice while running.
CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = REDIS_URL
CELERY_RESULT_EXPIRES = 3600
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task taken by a worker that died is given to another after this many seconds.
# Workers look for such tasks every tenth of it: kombu's default sweep (every 10 s,
# scanning on every 10th) would add up to 100 s, and a worker that started before the
# timeout had passed would miss a short one for that long.
TASK_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=600)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": TASK_VISIBILITY_TIMEOUT,
    "unacked_restore_interval": max(1, TASK_VISIBILITY_TIMEOUT // 10),
    "unacked_restore_throttle": 1,
}
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {"task": "archive.tasks.record_heartbeat", "schedule": 60.0},
    "submissions": {
        "task": "submissions.tasks.queue_unprocessed",
        "schedule": 60.0,
    },
    "token-uses": {"task": "archive.tasks.purge_token_uses", "schedule": 86400.0},
}
# Days the log of partner tokens' requests (archive.TokenUse) is kept.
PARTNER_TOKEN_LOG_DAYS = env.int("PARTNER_TOKEN_LOG_DAYS", default=90)

# Logs go to standard output, one line an event with the request's or task's id
# (archive.logs): JSON in production, text in development (LOG_FORMAT=json|text).
# Celery's workers log through the same configuration.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "archive.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(request_id)s %(message)s",
            "timestamp": "time",  # ISO 8601, UTC
            "rename_fields": {"levelname": "level", "name": "logger"},
        },
        "text": {
            "format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Production hardening; `manage.py check --deploy` is clean with these.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Content-Security-Policy (django-csp): scripts, styles and images from the archive
# itself only, no inline script or style, no framing; the API docs load their own
# script file (SpectacularSwaggerSplitView).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): no page needs these.
PERMISSIONS_POLICY = {
    feature: [] for feature in ("camera", "microphone", "geolocation", "payment", "usb")
}
# Every cookie: SameSite, HttpOnly where no script needs it (the language switch is
# a form), Secure in production (below).
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    # The container health check calls /healthz over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])


def fernet_keys(name: str, derived_from: str, seed: str) -> list[str]:
    """The Fernet keys in the environment variable `name`, newest first (the first
    encrypts, every one decrypts). Production needs at least one; development
    derives one from `seed` (`derived_from` names what it encrypts)."""
    keys = env.list(name, default=[])
    for key in keys:
        try:
            key_bytes = base64.urlsafe_b64decode(key)
        except ValueError:
            key_bytes = b""
        if len(key_bytes) != 32:
            raise ImproperlyConfigured(
                f"{name} must be Fernet keys: 32 bytes each in URL-safe base64, e.g. "
                "from `python -c 'from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())'`."
            )
    if keys:
        return keys
    if not DEBUG:
        raise ImproperlyConfigured(
            f"With DJANGO_DEBUG=0 set {name}: the Fernet key that encrypts "
            f"{derived_from} (never derived from DJANGO_SECRET_KEY)."
        )
    digest = hashlib.sha256(f"{seed}:{SECRET_KEY}".encode()).digest()
    return [base64.urlsafe_b64encode(digest).decode()]


# Public submissions (submissions/). Submitters' contacts are encrypted with keys of
# their own; `manage.py rotate_contact_keys` re-encrypts every contact with the first
# (see submissions.contact).
SUBMISSION_CONTACT_KEYS = fernet_keys(
    "SUBMISSION_CONTACT_KEYS", "submitters' contacts", seed="submission-contact"
)
# Testimony, what is said of perpetrators and consent notes are encrypted at rest,
# history included (archive.encryption); `manage.py rotate_record_keys` re-encrypts
# them with the first key.
RECORD_KEYS = fernet_keys(
    "RECORD_KEYS", "testimony, perpetrators and consent notes", seed="record-details"
)
# Backups (archive.backups, `manage.py backup` / `restore`): encrypted with keys of
# their own, newest first; written into BACKUP_DIR, of which the BACKUP_KEEP newest
# are kept.
BACKUP_KEYS = fernet_keys("BACKUP_KEYS", "backups", seed="backups")
BACKUP_DIR = env.path("BACKUP_DIR", default=BASE_DIR / ".local" / "backups")
BACKUP_KEEP = env.int("BACKUP_KEEP", default=14)
# /healthz answers 503 (archive.health) when the task queue is deeper than this,
# when work (a submission) has waited longer than this for its background job, or
# when the newest backup is older than HEALTH_BACKUP_HOURS (0: backups not checked,
# the development default).
HEALTH_QUEUE_LIMIT = env.int("HEALTH_QUEUE_LIMIT", default=500)
HEALTH_WAITING_MINUTES = env.int("HEALTH_WAITING_MINUTES", default=30)
HEALTH_BACKUP_HOURS = env.int("HEALTH_BACKUP_HOURS", default=0 if DEBUG else 26)
SUBMISSION_RATE = env.str("SUBMISSION_RATE", default="10/hour")
SUBMISSION_MAX_FILES = 5
SUBMISSION_MAX_FILE_BYTES = 20 * 1024 * 1024
# Uploaded and generated files are readable by the archive's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Victim lists (sources.actions): the largest file staff may import, and up to how
# many rows an import runs at once rather than as a background job with progress.
LIST_IMPORT_MAX_BYTES = 50 * 1024 * 1024
LIST_IMPORT_SYNC_ROWS = 500
# The admin's person import with a preview takes at most this many rows; larger
# sheets are imported in the background (victims.actions.person_sheets).
PERSON_IMPORT_PREVIEW_ROWS = 300
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Notices to moderators say only that something is waiting: mail is not private.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="archive@localhost")

# Victim-list linkage (victims.actions.linkage): match probabilities above LINKAGE_UPPER
# link automatically when exactly one person is above it; those between the two go
# to the review queue; below LINKAGE_LOWER the entry is proposed as a new person.
# Chosen with `make eval-linkage` (README, "Victim lists").
LINKAGE_UPPER = env.float("LINKAGE_UPPER", default=0.95)
LINKAGE_LOWER = env.float("LINKAGE_LOWER", default=0.3)

# The statistics page (reports.summary): counts and charts are kept this long at
# most; any change to the records they read refreshes them sooner.
STATISTICS_CACHE_SECONDS = env.int("STATISTICS_CACHE_SECONDS", default=3600)
