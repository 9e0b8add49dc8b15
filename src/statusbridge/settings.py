"""Django settings, read from the environment (see docs/configuration.md)."""

from __future__ import annotations

import os
from datetime import timedelta

import dj_database_url
import django_stubs_ext

from statusbridge import config

django_stubs_ext.monkeypatch()  # ModelAdmin[Model] and friends at run time, for typed admin code

SECRET_KEY = config.django_secret_key()
DEBUG = os.environ.get("STATUSBRIDGE_DEBUG", "") == "1"
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("STATUSBRIDGE_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "statusbridge.records",
    "statusbridge.privacy",
    "statusbridge.cases",
    "statusbridge.ledger",
    "statusbridge.bulk",
    "statusbridge.api",
    "statusbridge.accounts",
    "statusbridge.web",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Serves the web pages' stylesheets, scripts, fonts and images from waitress (statusbridge
    # serve) with WhiteNoise; Django itself serves static files only when debugging.
    "statusbridge.web.assets.StaticFiles",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): the second factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",  # last, as django-axes asks
]

ROOT_URLCONF = "statusbridge.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "statusbridge.web.context.navigation",  # the header's links for the role
            ]
        },
    }
]

SQLITE_BUSY_SECONDS = 120
DATABASES = {"default": dj_database_url.parse(config.database_url(), conn_max_age=0)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web server read while a bulk run writes; IMMEDIATE makes each transaction
    # take the write lock at its start, so two writers never race for the next ledger sequence.
    DATABASES["default"]["OPTIONS"] = {
        # NORMAL is durable across process crashes in WAL mode; only power loss can drop the
        # last commits, and then their answers were never delivered either.
        # A 64 MB page cache keeps the accounting's person index in memory during a bulk run.
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA cache_size=-65536;"
        ),
        "transaction_mode": "IMMEDIATE",
        # A writer waits this long for the write lock before "database is locked". SQLite's
        # default of 5 s was shorter than a bulk batch's write: single verifications made
        # meanwhile failed with 500. Writers now queue behind a batch instead.
        "timeout": SQLITE_BUSY_SECONDS,
    }

# Small uploads stay in memory; larger ones go to disk under a bounded name (see api.bodies).
FILE_UPLOAD_HANDLERS = [
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "statusbridge.api.bodies.UploadToDisk",
]

# Request counts for the API's rate limits (api.rates): files in the data home, shared by every
# server process; ``add`` and ``incr`` are made atomic there by a file lock.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "rates": {
        "BACKEND": "statusbridge.api.rates.LockedFileCache",
        "LOCATION": str(config.data_home() / "cache" / "rates"),
        "TIMEOUT": 120,
        "OPTIONS": {"MAX_ENTRIES": 10_000},
    },
}
RATELIMIT_USE_CACHE = "rates"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
LANGUAGE_CODE = "en-us"
STATIC_URL = "static/"
# USWDS from npm (``make install``), never copied into the repository: its css, js, img and
# fonts keep their relative places, as uswds.css refers to ../img and ../fonts.
_USWDS = config.web_assets() / "@uswds" / "uswds" / "dist"
STATICFILES_DIRS = [
    (f"uswds/{part}", str(_USWDS / part))
    for part in ("css", "js", "img", "fonts")
    if (_USWDS / part).is_dir()
]
# Vega, Vega-Lite and vega-embed from npm, the same way: the oversight dashboard's charts.
STATICFILES_DIRS += [
    (f"vega/{name}", str(config.web_assets() / name / "build"))
    for name in ("vega", "vega-lite", "vega-embed")
    if (config.web_assets() / name / "build").is_dir()
]
WHITENOISE_USE_FINDERS = True  # served where the finders find them: no collectstatic step
WHITENOISE_AUTOREFRESH = DEBUG

SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# Staff sign-in (accounts): password and TOTP, lockout, sessions that expire (docs/accounts.md).
# django-axes' backend comes first: it refuses a locked-out username before any password check.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
LOGIN_URL = "accounts:sign-in"
SESSION_COOKIE_AGE = config.session_minutes() * 60
SECURE_PROXY_SSL_HEADER = config.tls_proxy_header()  # HTTPS ended by a trusted proxy
SESSION_SAVE_EVERY_REQUEST = True  # the expiry counts from the last request: an idle timeout
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
AXES_FAILURE_LIMIT = 5  # failed sign-ins (a wrong password or a wrong code) before the lockout
AXES_COOLOFF_TIME = timedelta(minutes=15)
# Per account, as NIST SP 800-63B asks: a lock per address would lock a whole agency office
# behind one NAT address out after five typos by anyone in it.
AXES_LOCKOUT_PARAMETERS = ["username"]
SILENCED_SYSTEM_CHECKS = ["axes.W006"]  # the warning asks for the address lock declined above
AXES_RESET_ON_SUCCESS = True
AXES_HTTP_RESPONSE_CODE = 429
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
OTP_TOTP_ISSUER = "statusbridge"
OTP_TOTP_THROTTLE_FACTOR = 0  # one lockout, django-axes', counts wrong codes and passwords alike
# A code is good for its 30-second step and one step either side, never a learned drift: a
# learned drift would move the window for every later sign-in.
OTP_TOTP_SYNC = False

# Django's and waitress's request lines name the path, where a client may have put an SSN: the
# filter masks digit runs on the request loggers (before any handler, tests' too) and on the
# handler (for every other logger's records).
_MASKED = {"filters": ["identifiers"]}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"identifiers": {"()": "statusbridge.api.problems.MaskIdentifiers"}},
    "handlers": {"console": {"class": "logging.StreamHandler", **_MASKED}},
    # Configuring a logger drops the handlers Django gave it: django.server's lines go to the
    # console handler instead (propagate).
    "loggers": {
        name: {**_MASKED, "propagate": True}
        for name in ("django.request", "django.server", "waitress")
    },
    "root": {"handlers": ["console"], "level": os.environ.get("STATUSBRIDGE_LOG_LEVEL", "WARNING")},
}
