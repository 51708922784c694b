"""One settings module, read from environment variables (see .env.example).

Strict helpers: a boolean must be spelled as one; a secret may come from
``NAME_FILE`` (a path) instead of ``NAME``.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in ("1", "true", "yes", "on"):
        return True
    if value.lower() in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def env_secret(name: str) -> str:
    """The value of NAME, or the content of the file named by NAME_FILE."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, "")


DATA_DIR = Path(env("DAIHOI_DATA_DIR", str(PROJECT_DIR / "var"))).resolve()
DEBUG = env_bool("DAIHOI_DEBUG", False)
# The counting station's Ed25519 signing key (PEM, mode 0600, created on first use);
# empty: $DAIHOI_DATA_DIR/station-ed25519.pem.
STATION_KEY_FILE = env("DAIHOI_STATION_KEY_FILE", "")
# Its passphrase (or DAIHOI_STATION_PASSPHRASE_FILE): set, a new key file is written
# encrypted and an encrypted one is opened with it; empty: a plain key file, as before.
STATION_PASSPHRASE = env_secret("DAIHOI_STATION_PASSPHRASE")
# The audit chain's key (32 random bytes, hex, mode 0600, created with the chain's first
# entry); empty: $DAIHOI_DATA_DIR/audit.key. Kept apart from the database: whoever can
# rewrite the audit table but not read this file cannot forge an entry.
AUDIT_KEY_FILE = env("DAIHOI_AUDIT_KEY_FILE", "")
# Where the counting desk writes a backup on request (a USB stick's folder); empty: not offered.
BACKUP_DIR = env("DAIHOI_BACKUP_DIR", "")


def _secret_key() -> str:
    key = env_secret("DAIHOI_SECRET_KEY")
    if key:
        return key
    # A counting laptop or the demo: keep one generated key in the data folder.
    path = DATA_DIR / "secret_key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = [h for h in env("DAIHOI_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("DAIHOI_CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "daihoi.tasks",
    "daihoi.accounts",
    "daihoi.audit",
    "daihoi.organizations",
    "daihoi.congresses",
    "daihoi.elections",
    "daihoi.workgroups",
    "daihoi.planning",
    "daihoi.targets",
    "daihoi.personnel",
    "daihoi.consultation",
    "daihoi.papers",
    "daihoi.archive",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "daihoi.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After OTPMiddleware: a password-only session reaches the two-factor pages only.
    "daihoi.accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "daihoi.urls"
WSGI_APPLICATION = "daihoi.wsgi.application"

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
            ],
        },
    },
]


def _databases() -> dict[str, Any]:
    url = env("DATABASE_URL")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'daihoi.sqlite3'}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=60))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the pages read while a clerk writes; synchronous=FULL makes
        # a committed ballot survive a power cut; IMMEDIATE takes the write
        # lock at BEGIN so two writers queue instead of failing mid-way. Each
        # server thread keeps its connection: opening one per request (and
        # running these pragmas) was most of a phone's request at a vote's burst.
        config["CONN_MAX_AGE"] = 60
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return {"default": config}


DATABASES = _databases()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed logins allowed per account and per address in the window before a pause.
LOGIN_FAILURE_LIMIT = env_int("DAIHOI_LOGIN_FAILURE_LIMIT", 5)
LOGIN_FAILURE_WINDOW_SECONDS = env_int("DAIHOI_LOGIN_FAILURE_WINDOW_SECONDS", 900)
# Two factors (TOTP + recovery codes) for the counting committee, the offices,
# personnel and administrators; the demo turns it off (docs/two-factor.md).
DAIHOI_REQUIRE_2FA = env_bool("DAIHOI_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = env("DAIHOI_TOTP_ISSUER", "daihoi")
# A wrong code counts against the login throttle, not the device's own back-off.
OTP_TOTP_THROTTLE_FACTOR = 0
OTP_STATIC_THROTTLE_FACTOR = 0
# Candidates' dossiers are erased this many days after the congress's results are approved.
PERSONNEL_RETENTION_DAYS = env_int("DAIHOI_PERSONNEL_RETENTION_DAYS", 365)
# A secret electronic vote's choices reach the disk only in batches of at least this many.
SECRET_VOTE_BATCH = max(1, env_int("DAIHOI_SECRET_VOTE_BATCH", 10))
# On PostgreSQL a phone's cast is planned once per connection (a prepared statement);
# off behind a connection pooler that does not keep them (docs/deployment.md).
PREPARED_CASTS = env_bool("DAIHOI_PREPARED_CASTS", True)

# Sessions and cookies: secure by default; the demo on plain http turns it off.
SECURE_COOKIES = env_bool("DAIHOI_SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = env_int("DAIHOI_SESSION_SECONDS", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("DAIHOI_SSL_REDIRECT", False)
# The load balancer asks each server over plain http, behind the TLS it ends itself.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_HSTS_SECONDS = env_int("DAIHOI_HSTS_SECONDS", 0)
# Behind a reverse proxy that ends TLS (docs/deployment.md): `daihoi serve` takes the
# person's address from X-Forwarded-For and the scheme from X-Forwarded-Proto, but only
# on a connection from DAIHOI_TRUSTED_PROXY (one address, or * when nothing but the
# proxy can reach the server's port); from anyone else those headers are dropped.
BEHIND_PROXY = env_bool("DAIHOI_BEHIND_PROXY", False)
TRUSTED_PROXY = env("DAIHOI_TRUSTED_PROXY", "127.0.0.1")
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["daihoi.formats"]
TIME_ZONE = env("DAIHOI_TIME_ZONE", "Asia/Ho_Chi_Minh")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = DATA_DIR / "media"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

# Background tasks (docs/tasks.md): Django's tasks framework, kept in the database by
# django-tasks-db and run by `daihoi worker` (several may share one PostgreSQL database).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Files the background tasks write for someone to download (the Excel exports).
EXPORTS_DIR = DATA_DIR / "exports"
# Scans uploaded from the counting desk, until the worker has read them.
SCAN_UPLOADS_DIR = DATA_DIR / "scan-uploads"
# Processes the background worker reads uploaded scans with.
SCAN_WORKERS = max(1, env_int("DAIHOI_SCAN_WORKERS", 2))
# A scanner's folder of single-page images, uploaded at once (Django's default is 100).
DATA_UPLOAD_MAX_NUMBER_FILES = 1000

EMAIL_BACKEND = env("DAIHOI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DAIHOI_DEFAULT_FROM_EMAIL", "daihoi@localhost")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DAIHOI_LOG_LEVEL", "WARNING")},
}
