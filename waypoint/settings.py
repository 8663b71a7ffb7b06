"""Waypoint settings, read from the environment.

Every setting is a ``WAYPOINT_*`` variable (secrets may also come from
``WAYPOINT_*_FILE``), plus ``DATABASE_URL`` and ``REDIS_URL``. A bad value stops
start-up with a message naming the variable. The README lists each one.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false (got {raw!r}).")


def envint(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number (got {raw!r}).") from None
    if value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum} (got {value}).")
    return value


def envsecret(name: str, default: str = "") -> str:
    """A secret from NAME, or from the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text().strip()
        except OSError as exc:
            raise ImproperlyConfigured(f"{name}_FILE: cannot read {path!r} ({exc}).") from None
    return os.environ.get(name, default)


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = envbool("WAYPOINT_DEBUG", False)
DATA_DIR = Path(env("WAYPOINT_DATA_DIR", str(BASE_DIR / "var")))
DATA_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = envsecret("WAYPOINT_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "WAYPOINT_SECRET_KEY is not set. Set it (or WAYPOINT_SECRET_KEY_FILE) to a long "
            "random string, or set WAYPOINT_DEBUG=1 for a local trial."
        )
    SECRET_KEY = "waypoint-insecure-development-key-do-not-use-in-production"

# Keyed HMAC of participant codes for network-wide unique counts (see participants).
NETWORK_KEY_SECRET = envsecret("WAYPOINT_NETWORK_KEY_SECRET", SECRET_KEY)
# Fernet keys for contact data; the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = [
    key.strip() for key in envsecret("WAYPOINT_FIELD_ENCRYPTION_KEYS").split(",") if key.strip()
]
# Days without a visit after which a participant's phone number is erased (nightly).
CONTACT_RETENTION_DAYS = envint("WAYPOINT_CONTACT_RETENTION_DAYS", 365, minimum=1)

ALLOWED_HOSTS = envlist("WAYPOINT_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("WAYPOINT_CSRF_TRUSTED_ORIGINS", "")
# The public address, for links that leave the app (QR codes on cards and posters,
# emails, text messages). Unset: links use the address each request came to.
SITE_URL = env("WAYPOINT_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
SITE_URL_SET = bool(os.environ.get("WAYPOINT_SITE_URL"))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "ninja",
    "template_partials",
    "huey.contrib.djhuey",
    # Waypoint's accounts app comes before allauth so its templates override allauth's.
    "waypoint.accounts",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "waypoint.core",
    "waypoint.audit",
    "waypoint.sites",
    "waypoint.api",
    "waypoint.participants",
    "waypoint.supplies",
    "waypoint.encounters",
    "waypoint.overdoses",
    "waypoint.surveys",
    "waypoint.reports",
    "waypoint.exports",
    "waypoint.today",
    "waypoint.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "waypoint.core.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "waypoint.audit.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # After LocaleMiddleware: a signed-in user's saved language beats the browser's.
    "waypoint.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "waypoint.accounts.middleware.IdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "waypoint.core.middleware.CurrentProgramMiddleware",
    "waypoint.accounts.middleware.RequireMfaMiddleware",
]

ROOT_URLCONF = "waypoint.urls"
WSGI_APPLICATION = "waypoint.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "waypoint" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "waypoint.core.context_processors.waypoint",
            ],
            "builtins": ["template_partials.templatetags.partials"],
        },
    }
]

# --- Database -------------------------------------------------------------------
# The database, Redis and SMTP addresses may hold passwords: each can also be read from
# a file (DATABASE_URL_FILE, REDIS_URL_FILE, WAYPOINT_EMAIL_URL_FILE).
DATABASE_URL = envsecret("DATABASE_URL", f"sqlite:///{DATA_DIR / 'waypoint.sqlite3'}")
try:
    _db = dj_database_url.parse(DATABASE_URL)
except Exception as exc:  # dj_database_url raises several types on bad input
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL ({exc}).") from None
if _db["ENGINE"] == "django.db.backends.sqlite3":
    _db["OPTIONS"] = {
        # IMMEDIATE: a writer takes the lock at BEGIN, so two writers queue instead of
        # failing with "database is locked" half-way through a visit.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON; "
            "PRAGMA busy_timeout=20000;"
        ),
    }
elif _db["ENGINE"] == "django.db.backends.postgresql":
    # Connections are reused: a new connection per request is several times slower.
    # With WAYPOINT_DB_POOL=1 psycopg's pool is used instead of persistent connections.
    if envbool("WAYPOINT_DB_POOL", False):
        _db["CONN_MAX_AGE"] = 0
        _db.setdefault("OPTIONS", {})["pool"] = {
            "min_size": envint("WAYPOINT_DB_POOL_MIN", 2, minimum=1),
            "max_size": envint("WAYPOINT_DB_POOL_MAX", 20, minimum=1),
        }
    else:
        _db["CONN_MAX_AGE"] = envint("WAYPOINT_DB_CONN_MAX_AGE", 600)
        _db["CONN_HEALTH_CHECKS"] = True
else:
    raise ImproperlyConfigured("DATABASE_URL must point to SQLite or PostgreSQL.")
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (login throttling, rate limits) -----------------------------------------
REDIS_URL = envsecret("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    }
else:
    # Shared by every gunicorn worker, unlike an in-memory cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "waypoint_cache",
        }
    }

# --- Task queue ---------------------------------------------------------------------
HUEY_IMMEDIATE = envbool("WAYPOINT_TASKS_IMMEDIATE", False)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.PriorityRedisHuey",
        "name": env("WAYPOINT_QUEUE_NAME", "waypoint"),
        "url": REDIS_URL,
        "immediate": HUEY_IMMEDIATE,
        "utc": False,  # scheduled times are local (WAYPOINT_TIME_ZONE), not UTC
        "consumer": {"workers": envint("WAYPOINT_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": env("WAYPOINT_QUEUE_NAME", "waypoint"),
        "filename": env("WAYPOINT_QUEUE_FILE", str(DATA_DIR / "tasks.sqlite3")),
        "immediate": HUEY_IMMEDIATE,
        "utc": False,  # scheduled times are local (WAYPOINT_TIME_ZONE), not UTC
        "consumer": {"workers": envint("WAYPOINT_WORKERS", 2, minimum=1), "worker_type": "thread"},
    }

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": envint("WAYPOINT_PASSWORD_MIN_LENGTH", 10, minimum=8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "today:home"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_ADAPTER = "waypoint.accounts.adapter.WaypointAccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
LOGIN_LOCKOUT_ATTEMPTS = envint("WAYPOINT_LOGIN_LOCKOUT_ATTEMPTS", 5, minimum=1)
LOGIN_LOCKOUT_MINUTES = envint("WAYPOINT_LOGIN_LOCKOUT_MINUTES", 15, minimum=1)
ACCOUNT_RATE_LIMITS = {
    "login_failed": f"30/m/ip,{LOGIN_LOCKOUT_ATTEMPTS}/{LOGIN_LOCKOUT_MINUTES}m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env("WAYPOINT_MFA_ISSUER", "Waypoint")
# Roles that must enrol in TOTP before doing anything else.
MFA_REQUIRED_ROLES = envlist("WAYPOINT_MFA_REQUIRED_ROLES", "admin,coordinator")
SESSION_IDLE_TIMEOUT = envint("WAYPOINT_SESSION_IDLE_MINUTES", 30, minimum=1) * 60
SESSION_COOKIE_AGE = envint("WAYPOINT_SESSION_MAX_HOURS", 12, minimum=1) * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
INVITATION_DAYS = envint("WAYPOINT_INVITATION_DAYS", 7, minimum=1)

# --- Audit ----------------------------------------------------------------------------
AUDIT_SCRUB_AFTER_DAYS = envint("WAYPOINT_AUDIT_SCRUB_DAYS", 365, minimum=1)

# --- Email / SMS ------------------------------------------------------------------------
EMAIL_URL = envsecret("WAYPOINT_EMAIL_URL")
DEFAULT_FROM_EMAIL = env("WAYPOINT_FROM_EMAIL", "Waypoint <no-reply@localhost>")
if EMAIL_URL:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    from urllib.parse import unquote, urlsplit

    _mail = urlsplit(EMAIL_URL)
    if _mail.scheme not in {"smtp", "smtps", "submission"} or not _mail.hostname:
        raise ImproperlyConfigured("WAYPOINT_EMAIL_URL must look like smtp://user:pass@host:587.")
    EMAIL_HOST = _mail.hostname
    EMAIL_PORT = _mail.port or (465 if _mail.scheme == "smtps" else 587)
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_SSL = _mail.scheme == "smtps"
    EMAIL_USE_TLS = not EMAIL_USE_SSL
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Text messages (stock digests, drug alerts): "console" prints them, "file" appends
# them to WAYPOINT_SMS_FILE, or a dotted path to a backend class.
SMS_BACKEND = env("WAYPOINT_SMS_BACKEND", "console")
SMS_FILE_PATH = env("WAYPOINT_SMS_FILE", "")

# --- Internationalization --------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "waypoint" / "locale"]
USE_I18N = True
TIME_ZONE = env("WAYPOINT_TIME_ZONE", "America/New_York")
USE_TZ = True

# --- Static files ---------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("WAYPOINT_STATIC_ROOT", str(DATA_DIR / "static")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# --- Security ---------------------------------------------------------------------------
SECURE = not DEBUG and envbool("WAYPOINT_SECURE", True)
SESSION_COOKIE_SECURE = SECURE
CSRF_COOKIE_SECURE = SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_HSTS_SECONDS = envint("WAYPOINT_HSTS_SECONDS", 31536000) if SECURE else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("WAYPOINT_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    # The client's address is the one the proxies (this many, nearest last) put in
    # X-Forwarded-For: for the audit trail and allauth's sign-in rate limits alike.
    ALLAUTH_TRUSTED_PROXY_COUNT = envint("WAYPOINT_PROXY_COUNT", 1, minimum=1)
SECURE_SSL_REDIRECT = SECURE and envbool("WAYPOINT_SSL_REDIRECT", False)
# No inline script anywhere: every script is a static file served by the app.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# --- Reports ------------------------------------------------------------------------------
# Published figures hide every count from 1 to this number (STANDARDS §3; default 10).
SUPPRESSION_THRESHOLD = envint("WAYPOINT_SUPPRESSION_THRESHOLD", 10, minimum=1)

# --- Demo ---------------------------------------------------------------------------------
DEMO_MODE = envbool("WAYPOINT_DEMO", False)

# --- Logging ------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"quiet_heartbeat": {"()": "waypoint.core.logs.QuietHeartbeat"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "worker": {
            "class": "logging.StreamHandler",
            "filters": ["quiet_heartbeat"],
            "formatter": "worker",
        },
    },
    "formatters": {"worker": {"format": "[%(asctime)s] %(levelname)s:%(name)s:%(message)s"}},
    "root": {"handlers": ["console"], "level": env("WAYPOINT_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "weasyprint": {"level": "WARNING"},
        # A handler of its own stops run_huey adding a second one (every line twice).
        "huey": {"handlers": ["worker"], "propagate": False},
    },
}
