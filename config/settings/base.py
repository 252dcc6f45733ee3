"""Settings shared by every environment; what varies comes from the environment."""

from pathlib import Path

from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from .env import env, read_database, read_redis_url, read_trusted_proxies

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("MAILLAGE_VAR_DIR", default=str(BASE_DIR / "var")))
# The SQLite files, the embedded broker and private files live here; a fresh
# clone has no var/ until something is run.
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-change-me")  # noqa: S105
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Participants' personal data is anonymised this many months after their
# event (core.personal_data; the register of processing activities says so).
PERSONAL_DATA_RETENTION_MONTHS = env.int("PERSONAL_DATA_RETENTION_MONTHS", default=36)

INSTALLED_APPS = [
    # Django's admin, whose site asks a second factor of those who set one
    # up (core/admin_site.py).
    "core.admin_site.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "django_filters",
    "import_export",
    "rules.apps.AutodiscoverRulesConfig",
    "simple_history",
    # The optional second factor (TOTP) of coordinators and admins.
    "django_otp",
    "django_otp.plugins.otp_totp",
    # Its recovery codes: single-use codes for a lost phone.
    "django_otp.plugins.otp_static",
    "core",
    "partners",
    "events",
    "workshops",
    "evaluations",
    "reports",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # ``request.user.is_verified()``: signed in with the second factor too.
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.JunkRequestMiddleware",
    # A blocked request gets RATELIMIT_VIEW's French 429 page, not a 403.
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.navigation",
            ],
        },
    }
]

# Database: SQLite by default; DATABASE_URL=postgres://… for PostgreSQL.
DATABASES = {"default": read_database(VAR_DIR / "maillage.sqlite3")}
_db = DATABASES["default"]
# Persistent connections: measured here, they multiply write throughput by 3-4.
_db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
_db["CONN_HEALTH_CHECKS"] = True
if _db["ENGINE"].endswith("sqlite3"):
    # WAL lets readers and one writer work at once; IMMEDIATE transactions and a
    # busy timeout make concurrent writers wait instead of failing "locked".
    _db["OPTIONS"] = {
        "init_command": (
            f"PRAGMA journal_mode={env.str('SQLITE_JOURNAL_MODE', default='WAL')}; "
            "PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }
else:
    _options = _db.setdefault("OPTIONS", {})
    # core.db.prepared_cursor prepares the hot paths' statements (Django's own
    # cursors bind on the client and never prepare, whatever the threshold);
    # their generic plan spares PostgreSQL planning them on every request.
    _options.setdefault("prepare_threshold", 5)
    _options["options"] = " ".join(
        filter(None, [_options.get("options"), "-c plan_cache_mode=force_generic_plan"])
    )
    # Behind PgBouncer in transaction pooling mode, consecutive transactions of
    # one Django connection may run on different server connections: a
    # server-side cursor (QuerySet.iterator()) would lose its portal, and a
    # kept connection would only pin a pooler slot. PGBOUNCER_TRANSACTION_POOLING
    # turns both off (CONN_MAX_AGE, when set, still wins).
    if env.bool("PGBOUNCER_TRANSACTION_POOLING", default=False):
        _db["DISABLE_SERVER_SIDE_CURSORS"] = True
        _db["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
ATOMIC_REQUESTS = False
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    # Django's, loading the user with whether they set up a second factor.
    "core.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "login"

# Internationalisation: French first.
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
# One catalogue per app (so work on one app never conflicts with another's),
# then the project's for templates/, config/ and core/. makemessages puts each
# string in the first of these folders that contains its file.
DOMAIN_APPS = ["partners", "events", "workshops", "evaluations", "reports"]
LOCALE_PATHS = [
    *(BASE_DIR / app / "locale" for app in DOMAIN_APPS),
    BASE_DIR / "locale",
]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# Static and uploaded files.
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
PRIVATE_MEDIA_ROOT = VAR_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    # S3-compatible storage so that web and workers on other hosts share files.
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default=None),
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
        },
    }
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Redis is the Celery broker and the cache when REDIS_URL is set.
REDIS_URL = read_redis_url()
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "core.cache.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }

# The cache fails soft (core.cache): with Redis down, rate limits, which
# count in it, let requests through instead of refusing every visitor.
RATELIMIT_FAIL_OPEN = True

# E-mail: printed on the console unless EMAIL_HOST is set (Django 6.1 MAILERS).
if env.str("EMAIL_HOST", default=""):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": env.str("EMAIL_HOST"),
                "port": env.int("EMAIL_PORT", default=587),
                "username": env.str("EMAIL_HOST_USER", default=""),
                "password": env.str("EMAIL_HOST_PASSWORD", default=""),
                "use_tls": env.bool("EMAIL_USE_TLS", default=True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Maillage <noreply@maillage.local>"
)

# Content security policy (Django 6): no inline script or style, no CDN.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
IMPORT_EXPORT_USE_TRANSACTIONS = True
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
RATELIMIT_VIEW = "core.views.ratelimited"
# The client's address, as core.ratelimits.client_ip reads it behind the
# reverse proxies listed here (addresses or networks, comma-separated):
# without them every visitor would share the proxy's address.
TRUSTED_PROXIES = read_trusted_proxies()
RATELIMIT_IP_META_KEY = "core.ratelimits.client_ip"
# A cache outage must not lock the public out of the forms.
RATELIMIT_FAIL_OPEN = True
# Public limits, sized for a plenary of 300 people on one Wi-Fi (one address)
# registering or answering within the same minute, with a retry each.
EVENTS_REGISTRATION_RATE_PER_IP = env.str(
    "EVENTS_REGISTRATION_RATE_PER_IP", default="600/m"
)
EVENTS_SEARCH_RATE_PER_IP = env.str("EVENTS_SEARCH_RATE_PER_IP", default="3000/m")
EVALUATIONS_RATE_PER_IP = env.str("EVALUATIONS_RATE_PER_IP", default="600/m")
# One questionnaire link, every address together.
EVALUATIONS_RATE_PER_TOKEN = env.str("EVALUATIONS_RATE_PER_TOKEN", default="1200/m")
# Failed sign-ins before every attempt is refused until the window ends.
LOGIN_FAILURES_PER_ACCOUNT = env.str("LOGIN_FAILURES_PER_ACCOUNT", default="10/15m")
LOGIN_FAILURES_PER_ADDRESS = env.str("LOGIN_FAILURES_PER_ADDRESS", default="60/15m")
# The second factor (core/signin.py, core/security.py): wrong codes per
# account and per address before every code is refused for a while.
OTP_FAILURES_PER_ACCOUNT = env.str("OTP_FAILURES_PER_ACCOUNT", default="5/15m")
OTP_FAILURES_PER_ADDRESS = env.str("OTP_FAILURES_PER_ADDRESS", default="30/15m")
# The name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "Maillage"
# The admin never shows a device's secret or its QR code.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

from .celery import *  # noqa: E402, F403
