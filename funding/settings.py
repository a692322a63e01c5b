"""Settings for MSO-Förderung.

Everything that differs between a laptop and production is read from the
environment through the small helpers below. The defaults are safe for
development: an embedded SQLite database under var/, DEBUG on, e-mail to the
console.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-insecure-secret-key-change-me"


def envbool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def envint(name, default):
    return int(os.environ.get(name, default))


def envlist(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", DEV_SECRET_KEY)
if not DEBUG and SECRET_KEY == DEV_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "modeltranslation",
    "funding.admin_site.MsoAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_fsm_log",
    # funding before django_tasks_db: its db_worker command (with heartbeat) wins.
    "funding",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    "simple_history",
    "axes",
    "csp",
    "applicants",
    "reports",
    "exchange",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "api",
]

MIDDLEWARE = [
    "funding.outage.RetryOnLostConnectionMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "funding.languages.UserLanguageMiddleware",
    # Before any middleware reads request.POST (CSRF does, in process_view).
    "funding.request_limits.RequestSizeLimitMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "funding.middleware.StaffTwoFactorMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "funding.middleware.NotFoundPageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "funding.urls"
WSGI_APPLICATION = "funding.wsgi.application"

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
                "funding.context_processors.staff_roles",
            ],
        },
    },
]

# Database: DATABASE_URL, or the embedded SQLite file for `make run`.
# SQLite ignores select_for_update, so every transaction takes the write lock
# at BEGIN (IMMEDIATE); concurrent writers then queue instead of racing.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
        conn_max_age=envint("CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: it pays only for long analytical queries, and the
    # exports' estimated costs pass its threshold, so it compiled every
    # export's query anew (2.6 s of 5.5 s for 50,000 rows). docs/decisions.md.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # Prepared statements only where asked for (funding.prepared: prepare=True): psycopg's threshold is
    # never reached otherwise, and Django's client-side cursors never prepare. Behind a pooler that
    # cannot keep prepared statements (PgBouncer before 1.21 in transaction mode) set it to None
    # (PREPARED_STATEMENTS=0). docs/decisions.md.
    if envint("PREPARED_STATEMENTS", 1):
        DATABASES["default"]["OPTIONS"].setdefault("prepare_threshold", 2**31 - 1)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {"transaction_mode": "IMMEDIATE", "timeout": 30}
    # A file, not an in-memory database, so that test threads with their own
    # connections see the same data and lock it like production would.
    _db_file = Path(DATABASES["default"]["NAME"])
    DATABASES["default"]["TEST"] = {"NAME": str(_db_file.with_name(f"test_{_db_file.name}"))}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Django's rules, with messages in the project's catalogues (funding/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "funding.passwords.UserAttributeSimilarityValidator"},
    {"NAME": "funding.passwords.MinimumLengthValidator"},
    {"NAME": "funding.passwords.CommonPasswordValidator"},
    {"NAME": "funding.passwords.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "funding.backends.ProductionSafeModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Reverse proxies in front of the app (nginx alone: 1). Their X-Forwarded-For
# entries are believed, nothing a client adds in front; with TRUSTED_PROXIES
# (addresses or networks) only when the request comes from one of them.
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)
TRUSTED_PROXIES = envlist("TRUSTED_PROXIES")

# Login throttling: five failures lock the combination of username and client
# address for an hour; the right password from another address still works.
# A password reset clears the user's lockouts (applicants.views.accounts).
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = envbool("AXES_ENABLED", True)
AXES_CLIENT_IP_CALLABLE = "funding.clientip.client_ip"

# Two-factor authentication for staff roles (reviewers, approvers, finance)
# and the Django admin: an authenticator app, recovery codes, passkeys.
REQUIRE_STAFF_2FA = envbool("REQUIRE_STAFF_2FA", not DEBUG)
OTP_TOTP_ISSUER = "MSO-Förderung"

LANGUAGE_CODE = "de"
LANGUAGES = [
    ("de", _("Deutsch")),
    ("en", _("Englisch")),
    ("tr", _("Türkisch")),
    ("ar", _("Arabisch")),
    ("uk", _("Ukrainisch")),
]
# Configured content (calls, funding lines, criteria, document types, the
# exchange platform's categories) per language in the admin; German fills gaps.
MODELTRANSLATION_DEFAULT_LANGUAGE = "de"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("de",)
# A row created in code (demo data, tests) gets its German text from the plain field.
MODELTRANSLATION_AUTO_POPULATE = "default"
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/Berlin")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "/media-not-served/"  # uploads are served only through access-checked views
# Media shared by every app server and worker: MEDIA_ROOT on a shared volume (default), or
# MEDIA_STORAGE=s3 for S3-compatible object storage through django-storages (requirements-s3.txt,
# docs/deployment.md). Code reads and writes files only through the storage API.
if os.environ.get("MEDIA_STORAGE", "filesystem") == "s3":
    STORAGES = {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": os.environ["MEDIA_S3_BUCKET"],
                "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
                "region_name": os.environ.get("MEDIA_S3_REGION") or None,
                "location": os.environ.get("MEDIA_S3_PREFIX", "media"),
                "default_acl": "private",
                "file_overwrite": False,
                "querystring_auth": True,
            },
        },
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

MAX_ATTACHMENT_BYTES = envint("MAX_ATTACHMENT_BYTES", 10 * 1024 * 1024)
# Uploads: a request may carry one file of MAX_ATTACHMENT_BYTES plus this much of
# other form data; larger requests get 413 before their body is read
# (funding/request_limits.py; nginx: client_max_body_size, docs/deployment.md).
MAX_REQUEST_OVERHEAD_BYTES = envint("MAX_REQUEST_OVERHEAD_BYTES", 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024  # the non-file fields of one request
DATA_UPLOAD_MAX_NUMBER_FILES = 5
FILE_UPLOAD_HANDLERS = [
    "funding.request_limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
# A draft's PDF preview is typeset at most once at a time per user; a slot
# older than this belongs to a process that died.
PREVIEW_RENDER_TIMEOUT_SECONDS = envint("PREVIEW_RENDER_TIMEOUT_SECONDS", 120)
# The letters' font (letter.css: DejaVu Sans), read to lay out the DIN 5008 address field before typesetting.
LETTER_FONT_FILE = os.environ.get("LETTER_FONT_FILE", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
LETTER_BOLD_FONT_FILE = os.environ.get("LETTER_BOLD_FONT_FILE", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
PREVIEW_RETRY_AFTER_SECONDS = 5
# Years personal data of a finished file is kept (receipts: 5 years after the proof of use).
RETENTION_YEARS = envint("RETENTION_YEARS", 5)
MAX_APPLICATION_ATTACHMENT_BYTES = envint("MAX_APPLICATION_ATTACHMENT_BYTES", 50 * 1024 * 1024)

# E-mail: EMAIL_URL-like pieces; console in development.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend" if DEBUG else "django.core.mail.backends.smtp.EmailBackend",
)
# Only for EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend (staging, tests): one file per message.
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "MSO-Förderung <foerderung@kreis-steinfurt.example>")
# Who runs this installation (one installation serves many authorities): named in the site footer and
# in the accessibility statement, with the address for feedback on barriers.
SITE_OPERATOR = os.environ.get("SITE_OPERATOR", "Kreis Steinfurt – Kommunales Integrationszentrum")
SITE_OPERATOR_EMAIL = os.environ.get("SITE_OPERATOR_EMAIL", "integration@kreis-steinfurt.example")
# Links in e-mails; by default the address `make run` serves (RUN_HOST, RUN_PORT).
SITE_URL = os.environ.get(
    "SITE_URL", f"http://{os.environ.get('RUN_HOST', '127.0.0.1')}:{os.environ.get('RUN_PORT', '8000')}"
)

# Passkeys (django-otp-webauthn) only as a second factor after the password.
# The relying party is the host name users see; credentials are bound to it.
# Browsers allow passkeys only over HTTPS or on http://localhost, so a plain
# HTTP development URL falls back to localhost with the same port.
_site = urlsplit(SITE_URL)
_site_origin = f"{_site.scheme}://{_site.netloc}" if _site.scheme == "https" else f"http://localhost:{_site.port or 80}"
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False
OTP_WEBAUTHN_RP_NAME = "MSO-Förderung"
OTP_WEBAUTHN_RP_ID = os.environ.get("WEBAUTHN_RP_ID", urlsplit(_site_origin).hostname)
OTP_WEBAUTHN_ALLOWED_ORIGINS = envlist("WEBAUTHN_ORIGINS", _site_origin)

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# Worker leases (funding/worker.py): each db_worker refreshes its heartbeat
# every TASK_HEARTBEAT_SECONDS; a task whose worker was not seen for
# TASK_LEASE_SECONDS is queued again, at most TASK_MAX_ATTEMPTS times.
TASK_HEARTBEAT_SECONDS = envint("TASK_HEARTBEAT_SECONDS", 10)
TASK_LEASE_SECONDS = envint("TASK_LEASE_SECONDS", 60)
TASK_MAX_ATTEMPTS = envint("TASK_MAX_ATTEMPTS", 3)

# Reminders (manage.py send_reminders): proof of use due within N days;
# change requests unanswered for N days.
REMINDER_PROOF_DUE_SOON_DAYS = envint("REMINDER_PROOF_DUE_SOON_DAYS", 30)
REMINDER_CHANGES_UNANSWERED_DAYS = envint("REMINDER_CHANGES_UNANSWERED_DAYS", 14)

# Assisted applications: the representative's e-mail link to confirm the declarations is valid for N days.
DECLARATION_LINK_DAYS = envint("DECLARATION_LINK_DAYS", 14)

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = envbool("SECURE_COOKIES", True)
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancers probe over plain HTTP
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# The open API (api/, docs/api.md): JSON only, bearer tokens of an authority,
# RFC 9457 problem details, cursor pages, throttled per token and per address.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.auth.ApiTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["api.auth.HasToken"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "api.negotiation.LenientNegotiation",
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenThrottle", "api.throttling.PublicThrottle"],
    "DEFAULT_PAGINATION_CLASS": "api.pagination.IdCursorPagination",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.problems.handle_exception",
}
# Requests per token, and per client address without a token (the cache is
# per process: with n app servers a client gets up to n times as many).
API_THROTTLE_RATES = {
    "token": os.environ.get("API_TOKEN_RATE", "600/minute"),
    "public": os.environ.get("API_PUBLIC_RATE", "120/minute"),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "MSO-Förderung API",
    "DESCRIPTION": "Offene Förderaufrufe und Zuwendungen (öffentlich); Anträge, Entscheidungen, Auszahlungen, "
    "Zahlläufe, Verwendungsnachweise, Schreiben und Statuswechsel mit dem Token einer Behörde. docs/api.md",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_AUTHENTICATION": [],
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SWAGGER_UI_SETTINGS": {"validatorUrl": None, "persistAuthorization": False},
    "POSTPROCESSING_HOOKS": ["drf_spectacular.hooks.postprocess_schema_enums", "api.schema.add_problem_responses"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
