"""Settings, every one from the environment through strict helpers (see docs/operations.md)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from jianfu.config.env import (
    env_bool,
    env_int,
    env_list,
    env_networks,
    env_public_url,
    env_str,
    secret_from_env_or_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("JIANFU_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_from_env_or_file("SECRET_KEY", VAR_DIR / "secret_key")
# Teacher ID numbers are encrypted with this key; losing it loses them (back it up with the database).
FIELD_ENCRYPTION_KEY = secret_from_env_or_file("JIANFU_FIELD_KEY", VAR_DIR / "field_key")
# Keys the audit chain's hashes and checkpoints: whoever edits the database without it cannot re-seal the log.
AUDIT_KEY = secret_from_env_or_file("JIANFU_AUDIT_KEY", VAR_DIR / "audit_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

_database_url = env_str("DATABASE_URL", f"sqlite:///{VAR_DIR / 'jianfu.sqlite3'}")
try:
    # Connections are kept between requests (a minute, checked before reuse) rather than opened for each:
    # on PostgreSQL opening one costs more than a verification's query. DATABASE_CONN_MAX_AGE=0 closes them.
    _database = dj_database_url.parse(
        _database_url, conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60), conn_health_checks=True
    )
except ValueError as error:
    raise ImproperlyConfigured(f"DATABASE_URL is not a database URL: {error}") from None
if _database["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer writes; IMMEDIATE makes a writer take the lock at BEGIN,
    # so two concurrent decisions queue instead of failing half-way with "database is locked".
    # cache_size: each connection keeps 512 KiB of pages, not SQLite's 2 MiB; the kernel caches the file anyway.
    # A web worker's connection lives as long as the worker, and its full cache was 1–2 MiB of the worker's memory
    # after 1,000 requests (issue 17, jianfu/bench/memory_figures.py), with no page measurably slower.
    _database["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        " PRAGMA cache_size=-512;",
    }
    _database.setdefault("TEST", {})["NAME"] = str(VAR_DIR / "test.sqlite3")
    Path(_database["NAME"]).parent.mkdir(parents=True, exist_ok=True)
DATABASES = {"default": _database}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves Swagger UI's own copy at /api/v1/docs (the intranet reaches no CDN)
    "jianfu.audit",
    "jianfu.org",
    "jianfu.web",
    "jianfu.bench",
    "jianfu.packs",
    "jianfu.registry",
    "jianfu.gate",
    "jianfu.ops",
    "django_tasks_db",  # app label django_tasks_database: the durable queue of reminders
    "jianfu.deadlines",
    "jianfu.complaints",
    "jianfu.secondments",
    "jianfu.collection",
    "jianfu.monitoring",
    "jianfu.accountability",
    "jianfu.ocr",
]

MIDDLEWARE = [
    "jianfu.web.addresses.ClientAddressMiddleware",
    # A complaint's sender: rate-limit subject taken, then address and agent removed before anything logs them.
    "jianfu.complaints.privacy.ForgetTheSenderMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jianfu.web.middleware.ChineseUnlessChosenMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "jianfu.web.security.IdleTimeoutMiddleware",
    "jianfu.web.security.SecondFactorMiddleware",
    "jianfu.web.security.LoginThrottleMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "jianfu.documents.pdf.PdfNotMadeMiddleware",  # a PDF that could not be drawn answers 503 with its message
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "jianfu.config.urls"
WSGI_APPLICATION = "jianfu.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "jianfu" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "jianfu.web.context.site",
                "jianfu.deadlines.context.inbox_count",
            ],
            "builtins": ["jianfu.web.templatetags.jianfu_tags"],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins (jianfu/web/lockout.py). An account locks after AXES_FAILURE_LIMIT failures from any
# addresses, for AXES_COOLOFF_MINUTES (or until its bureau unlocks it); an address that failed
# JIANFU_LOGIN_FAILURES_PER_ADDRESS times in 15 minutes, over any usernames, waits out the window.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15)
AXES_COOLOFF_TIME = AXES_COOLOFF_MINUTES / 60
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False  # the lock ends when it said it would
AXES_CLIENT_IP_CALLABLE = "jianfu.web.addresses.client_address"
AXES_LOCKOUT_TEMPLATE = "web/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
JIANFU_LOGIN_FAILURES_PER_ADDRESS = env_int("JIANFU_LOGIN_FAILURES_PER_ADDRESS", 10)
# axes warns that a lock by username alone can be dodged by rotating user agents: it cannot here, as
# the username alone is the key, and addresses are throttled by LoginThrottleMiddleware instead.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; no one else's is.
JIANFU_TRUSTED_PROXIES = env_networks("JIANFU_TRUSTED_PROXIES", [])

# Two-factor sign-in (jianfu/web/two_factor.py) and the idle time-out of the roles that need it.
OTP_TOTP_ISSUER = "减负通"
JIANFU_IDLE_MINUTES = env_int("JIANFU_IDLE_MINUTES", 30)

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "jianfu" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "jianfu" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_MANIFEST_STRICT = False
MEDIA_ROOT = Path(env_str("JIANFU_MEDIA_DIR", str(VAR_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_HTTPS_PROXY", False) else None
SESSION_COOKIE_AGE = 8 * 3600

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# The cache is shared by every worker and app server: a table in the database, created by a migration
# (jianfu/web/migrations), so nothing needs setting up. Rate limits do not rely on it: their counters
# need an exact increment (jianfu/web/throttle.py). CACHE_BACKEND=memory keeps it per process.
_cache_backend = env_str("CACHE_BACKEND", "database")
if _cache_backend not in ("memory", "database"):
    raise ImproperlyConfigured(f"CACHE_BACKEND={_cache_backend!r} is not one of memory, database.")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if _cache_backend == "memory"
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "jianfu_cache"}
}

# Rate limits of busy public pages (verification, jianfu/web/throttle.py) write nothing to the database:
# with REDIS_URL they count in Redis, shared by every worker and server; without, each process counts
# with the limit divided among the web workers (WEB_CONCURRENCY, or gunicorn's --workers). The exact
# database counter stays available: RATE_LIMIT_BACKEND=database.
REDIS_URL = env_str("REDIS_URL", "")
RATE_LIMIT_BACKEND = env_str("RATE_LIMIT_BACKEND", "redis" if REDIS_URL else "memory")
if RATE_LIMIT_BACKEND not in ("redis", "memory", "database"):
    raise ImproperlyConfigured(f"RATE_LIMIT_BACKEND={RATE_LIMIT_BACKEND!r} is not one of redis, memory, database.")
if RATE_LIMIT_BACKEND == "redis" and not REDIS_URL:
    raise ImproperlyConfigured("RATE_LIMIT_BACKEND=redis needs REDIS_URL (e.g. redis://127.0.0.1:6379/0).")
if REDIS_URL:
    CACHES["ratelimit"] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}

# PDFs are drawn by a child process (jianfu/documents/pdf.py): a city's report with charts takes a few seconds, so
# far beyond that the child is stuck; each child peaks near 220 MiB, so only a few draw at once on a machine.
PDF_RENDER_SECONDS = env_int("PDF_RENDER_SECONDS", 120)
PDF_CHILDREN_AT_ONCE = env_int("PDF_CHILDREN_AT_ONCE", 2)

# The policy pack in force, and folders with packs besides the shipped ones (a city's own pack).
JIANFU_POLICY_PACK = env_str("JIANFU_POLICY_PACK", "anshun-2021")
JIANFU_POLICY_PACK_DIRS = env_list("JIANFU_POLICY_PACK_DIRS", [])

# The address printed on certificates and lists and put in their QR codes (see docs/operations.md).
JIANFU_PUBLIC_URL = env_public_url("JIANFU_PUBLIC_URL")

# Deadlines (jianfu/deadlines): reminders wait in the database and `jianfu worker` sends them, so a
# restart loses nothing. Mail goes through Django's mail settings (the console in the demo); further
# channels (SMS, 钉钉/企业微信) are classes named in JIANFU_NOTIFICATION_CHANNELS. JIANFU_CALENDAR_FILES
# lays an operator's holiday files over the shipped table (jianfu/policy/calendar_cn.yaml).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# SMTP unless told otherwise; `make run` (the demo) prints mail on the console instead.
_mail_backend = env_str("JIANFU_MAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        "OPTIONS": {"host": env_str("EMAIL_HOST", "localhost"), "port": env_int("EMAIL_PORT", 25)}
        if _mail_backend.endswith("smtp.EmailBackend")
        else {},
    }
}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "jianfu@localhost")
JIANFU_NOTIFICATION_CHANNELS = env_list("JIANFU_NOTIFICATION_CHANNELS", ["jianfu.deadlines.channels.EmailChannel"])
JIANFU_CALENDAR_FILES = env_list("JIANFU_CALENDAR_FILES", [])
