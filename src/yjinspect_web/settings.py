"""Django settings for the yjinspect workspace, from the environment.

SQLite is the embedded default (``YJINSPECT_DATA_DIR``/yjinspect.sqlite3); ``DATABASE_URL``
selects PostgreSQL for multi-user deployment. Every setting read from the environment is listed
in the README's "Configuration" table (a test checks it).
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONCE, NONE, SELF

django_stubs_ext.monkeypatch()  # lets forms.ModelForm[Model] etc. be written at run time

PACKAGE_DIR = Path(__file__).resolve().parent
REPO_DIR = PACKAGE_DIR.parent.parent
DATA_DIR = Path(os.environ.get("YJINSPECT_DATA_DIR", REPO_DIR / ".yjinspect"))


def _owner_only_data_dir(folder: Path) -> None:
    """The data folder (the embedded database, the secret key) is readable by its owner only:
    made with mode 700, and a new SQLite file is made with mode 600 before Django opens it
    (SQLite gives its journal files the database file's mode)."""
    if not folder.exists():
        folder.mkdir(parents=True, mode=0o700)
        folder.chmod(0o700)  # mkdir's mode is masked by the umask
    elif folder.stat().st_mode & 0o077 and folder.stat().st_uid == getattr(os, "getuid", int)():
        folder.chmod(0o700)  # one made by an earlier version, readable by others
    database = folder / "yjinspect.sqlite3"
    if not database.exists() and "DATABASE_URL" not in os.environ:
        os.close(os.open(database, os.O_CREAT | os.O_WRONLY, 0o600))
    if database.exists() and database.stat().st_mode & 0o077:
        database.chmod(0o600)


_owner_only_data_dir(DATA_DIR)


def _secret_key() -> str:
    """YJINSPECT_SECRET_KEY, or a key made once and kept in the data folder (mode 600)."""
    if key := os.environ.get("YJINSPECT_SECRET_KEY"):
        return key
    path = DATA_DIR / "secret_key"
    if not path.exists():
        descriptor = os.open(path, os.O_CREAT | os.O_WRONLY | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            file.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


def _flag(name: str, default: bool) -> bool:
    return os.environ.get(name, "1" if default else "0").lower() in ("1", "true", "yes")


SECRET_KEY = _secret_key()
DEBUG = _flag("YJINSPECT_DEBUG", False)
ALLOWED_HOSTS = os.environ.get("YJINSPECT_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(
    ","
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_htmx",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "yjinspect_web.workspace",
    "yjinspect_web.accounts",
    "yjinspect_web.safety",
    "yjinspect_web.audit",
    "yjinspect_web.allocation",
    "yjinspect_web.improvement",
    "yjinspect_web.moderation",
    "yjinspect_web.trends",
    "yjinspect_web.profile",
    "yjinspect_web.national",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "yjinspect_web.audit.tracking.ActorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yjinspect_web.accounts.middleware.TwoFactorMiddleware",
    "axes.middleware.AxesMiddleware",
    "yjinspect_web.safety.middleware.NoStoreMiddleware",
    "yjinspect_web.safety.middleware.RequestLimitsMiddleware",
]

ROOT_URLCONF = "yjinspect_web.urls"
WSGI_APPLICATION = "yjinspect_web.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "yjinspect_web.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yjinspect_web.jinja2.csrf",  # one token per page, not one per form
            ],
        },
    },
    {
        # the admin site's own templates
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'yjinspect.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})["transaction_mode"] = "IMMEDIATE"
    # write-ahead log: people reading pages are never blocked by someone saving (the server's
    # worker processes share the file); kept in the file, so backups and tools see it too
    DATABASES["default"]["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL;"

AUTH_USER_MODEL = "workspace.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "yjinspect_web.accounts.backends.UserBackend",  # Django's ModelBackend, read faster
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Two-factor sign-in (django-otp): required for administrators and lead inspectors
# (workspace.permissions.must_use_two_factor), available to everyone. Authenticator apps show
# "yjinspect" as the issuer; failed codes slow the next try down (doubling, per device).
OTP_TOTP_ISSUER = "yjinspect"

# Repeated failed sign-ins are throttled (django-axes): after 5 failures for one username from
# one address, that pair is locked out for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("YJINSPECT_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "workspace/locked_out.html"

# Sessions and cookies: secure by default; browsers treat 127.0.0.1 and localhost as secure
# contexts, so the local demo works over plain http.
SECURE_COOKIES = _flag("YJINSPECT_SECURE_COOKIES", True)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_ENGINE = "yjinspect_web.accounts.sessions"  # Django's database sessions, read faster
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Served over https (directly or behind a proxy that sets X-Forwarded-Proto): redirect http,
# and tell browsers to use https only (HSTS). Off for the local demo on http://127.0.0.1.
HTTPS = _flag("YJINSPECT_HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 60 * 60
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Submitting a domain to the browsers' HSTS preload list binds every subdomain for good: a
# decision for the domain's owner, not a default of this software.
SILENCED_SYSTEM_CHECKS = ["security.W021"]
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content security policy (django-csp 4): only this site's own scripts and styles, plus the one
# inline script GOV.UK Frontend's template needs, by nonce.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
WHITENOISE_USE_FINDERS = True  # serve the built assets straight from the package

# Email (reminders, ``yjinspect remind``): the console unless an SMTP host is named.
EMAIL_HOST = os.environ.get("YJINSPECT_EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = int(os.environ.get("YJINSPECT_EMAIL_PORT", "587"))
EMAIL_HOST_USER = os.environ.get("YJINSPECT_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("YJINSPECT_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = _flag("YJINSPECT_EMAIL_TLS", True)
DEFAULT_FROM_EMAIL = os.environ.get("YJINSPECT_EMAIL_FROM", "yjinspect@localhost")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _number(name: str, default: int) -> int:
    return int(os.environ.get(name, str(default)))


# Every upload (population, workbook, summary) is measured against these before it is parsed
# (yjinspect.limits; README, "Security"); a request body larger than a file may be is refused
# before any view runs.
UPLOAD_MAX_BYTES = _number("YJINSPECT_UPLOAD_MAX_BYTES", 10 * 1024 * 1024)
UPLOAD_MAX_UNCOMPRESSED_BYTES = _number("YJINSPECT_UPLOAD_MAX_UNCOMPRESSED_BYTES", 50 * 1024 * 1024)
UPLOAD_MAX_COMPRESSION_RATIO = _number("YJINSPECT_UPLOAD_MAX_COMPRESSION_RATIO", 100)
UPLOAD_MAX_ROWS = _number("YJINSPECT_UPLOAD_MAX_ROWS", 100_000)
UPLOAD_MAX_COLUMNS = _number("YJINSPECT_UPLOAD_MAX_COLUMNS", 200)
UPLOAD_MAX_CELLS = _number("YJINSPECT_UPLOAD_MAX_CELLS", 1_000_000)
UPLOAD_MAX_DEPTH = _number("YJINSPECT_UPLOAD_MAX_DEPTH", 20)
# The most characters a posted text field holds, by kind (stated on each form).
TEXT_MAX_CHARS = {
    "evidence": 10_000,
    "rationale": 5_000,
    "comment": 5_000,
    "reason": 2_000,
    "narrative": 20_000,
    "other": 10_000,
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django": {"handlers": ["console"], "level": "WARNING"}},
}
