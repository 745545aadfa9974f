"""Newsline settings. Every value an operator may change comes from the
environment; `.env.example` lists them with their defaults."""

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from newsline.lib.env import ConfigError, env_bool, env_int, env_list, env_str, env_timezone

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("NEWSLINE_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = env_bool("DEBUG", False)
# Under pytest (or when the test server is started for browser tests).
TESTING = "pytest" in sys.modules or env_bool("NEWSLINE_TESTING", False)

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if DEBUG or env_bool("NEWSLINE_DEMO", False) or TESTING:
        # Only for local demo, development and tests: sessions signed with this
        # key are worthless anywhere else.
        SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"
    else:
        raise ConfigError("SECRET_KEY is not set. Set it in the environment (see .env.example).")

SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if _site.scheme not in ("http", "https") or not _site.netloc:
    raise ConfigError(f"SITE_URL={SITE_URL!r}: expected an absolute URL such as https://news.example.org")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [_site.hostname or "127.0.0.1", "127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = [f"{_site.scheme}://{_site.netloc}"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "liveblogs",
    "realtime",
    "distribution",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsline.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SignedInHintMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsline.urls"

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
                "newsline.context_processors.site",
            ],
        },
    },
]

ASGI_APPLICATION = "newsline.asgi.application"
WSGI_APPLICATION = "newsline.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("TEST", {})["NAME"] = env_str("TEST_DATABASE_NAME") or None
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(VAR_DIR / "newsline.sqlite3")),
            "OPTIONS": {
                # WAL lets readers go on while one writer commits; IMMEDIATE takes
                # the write lock at BEGIN so sequence numbers follow commit order.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # A file, not memory, so the real server started by the browser and
            # stream tests sees what the test wrote.
            "TEST": {"NAME": env_str("SQLITE_TEST_PATH", str(VAR_DIR / f"test-{os.getpid()}.sqlite3"))},
        }
    }

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "desk:login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "desk:login"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# Times are stored in UTC and shown in the newsroom's zone.
TIME_ZONE = env_timezone("NEWSROOM_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
MEDIA_ROOT = VAR_DIR / "media"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security defaults. HSTS and secure cookies switch on when the site is HTTPS.
_https = _site.scheme == "https"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = _https
CSRF_COOKIE_SECURE = _https
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000 if _https else 0, minimum=0)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_TLS_PROXY", False) else None

# Live blog behaviour.
LIVEBLOG_PAGE_SIZE = env_int("LIVEBLOG_PAGE_SIZE", 20, minimum=1)
LIVEBLOG_MAX_BODY_CHARS = env_int("LIVEBLOG_MAX_BODY_CHARS", 100_000, minimum=1000)
# Reader pages are the same for everyone, so shared caches may keep them briefly.
READER_CACHE_MAX_AGE = env_int("READER_CACHE_MAX_AGE", 5, minimum=0)
READER_CACHE_SWR = env_int("READER_CACHE_SWR", 30, minimum=0)

# The fast lane (realtime app).
REALTIME_POLL_SECONDS = float(env_int("REALTIME_POLL_MS", 1000, minimum=50)) / 1000
REALTIME_HEARTBEAT_SECONDS = env_int("REALTIME_HEARTBEAT_SECONDS", 20, minimum=1)
REALTIME_RING_SIZE = env_int("REALTIME_RING_SIZE", 256, minimum=8)
REALTIME_UPDATES_LIMIT = env_int("REALTIME_UPDATES_LIMIT", 50, minimum=1)
# A stream reader that does not take a frame within this many seconds is cut
# off (it resumes from its Last-Event-ID); nothing queues up for it.
REALTIME_SEND_TIMEOUT_SECONDS = env_int("REALTIME_SEND_TIMEOUT_SECONDS", 15, minimum=1)
# Streams end after about this long (75-100 %, jittered) and browsers resume
# them by Last-Event-ID: a bound on connections to clients that vanished
# without the server noticing, and a way to rebalance after deploys.
REALTIME_STREAM_MAX_SECONDS = env_int("REALTIME_STREAM_MAX_SECONDS", 600, minimum=5)
# Dotted path of a callable(source, key, seq) run after each event, e.g. to
# purge a CDN by surrogate key (realtime/purge.py). Empty: none.
REALTIME_PURGE_HOOK = env_str("REALTIME_PURGE_HOOK", "")

# Personal parts of the private /me endpoint, from apps that depend on accounts:
# (key, dotted path of a callable(request) -> JSON-able dict). See accounts/views.py.
ME_PROVIDERS: list[tuple[str, str]] = []

# Background jobs (scheduled posts, emails, webhooks): django-tasks with its
# database backend, so no extra server is needed; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}

# The newsroom.
NEWSROOM_NAME = env_str("NEWSROOM_NAME", "Newsline")
SUPPORT_URL = env_str("SUPPORT_URL", "")
# Changes whenever what a page looks like changes without an event (a deploy,
# new templates): part of every reader ETag.
RENDER_VERSION = env_str("RENDER_VERSION", "1")

if TESTING:
    # Hashing passwords slowly is a defence for real accounts, not test personas.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Brokers: how a write wakes the readers held by other server processes
# (docs/realtime-brokers.md). The log poll above runs behind every broker.
REDIS_URL = env_str("REDIS_URL").strip()
if REDIS_URL and urlsplit(REDIS_URL).scheme not in ("redis", "rediss", "unix"):
    # Not the URL itself in the message: it may hold a password.
    raise ConfigError(
        f"REDIS_URL starts with {urlsplit(REDIS_URL).scheme!r}: expected redis://host:port/db, rediss://… or unix://…"
    )
_broker_raw = env_str("REALTIME_BROKER", "auto").strip().lower() or "auto"
_on_postgres = DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis"))
if _broker_raw == "auto":
    REALTIME_BROKER = "redis" if REDIS_URL else "postgres" if _on_postgres else "inprocess"
elif _broker_raw in ("inprocess", "postgres", "redis"):
    REALTIME_BROKER = _broker_raw
else:
    raise ConfigError(f"REALTIME_BROKER={_broker_raw!r}: expected auto, inprocess, postgres or redis")
if REALTIME_BROKER == "redis" and not REDIS_URL:
    raise ConfigError("REALTIME_BROKER=redis needs REDIS_URL (for example redis://127.0.0.1:6379/0)")
if REALTIME_BROKER == "postgres" and not _on_postgres:
    raise ConfigError("REALTIME_BROKER=postgres needs DATABASE_URL to point at PostgreSQL")
