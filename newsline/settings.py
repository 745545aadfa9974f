"""Newsline settings. Every value an operator may change comes from the
environment; `.env.example` lists them with their defaults."""

import os
import re
import sys
from email.utils import parseaddr
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.utils.translation import gettext_noop

from newsline.lib import extras
from newsline.lib.env import ConfigError, env_bool, env_int, env_list, env_str, env_timezone
from newsline.lib.media_storage import default_storage_from_env

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
    "accounts",  # before allauth, so its templates override allauth's
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",  # "Where you're signed in", with sign out elsewhere
    "django.contrib.humanize",  # used by allauth.usersessions' page
    "liveblogs",
    "membership",
    "community",
    "votes",  # polls and reactions in posts (after liveblogs: it adds to the post card)
    "pushalerts",  # Web Push alerts for key events and a blog's end (docs/community.md, "Push alerts")
    "realtime",
    "distribution",
    "operations",
    # The project package itself, for its translation catalogue (newsline/locale:
    # its own strings and the root templates/) and `manage.py messages`.
    "newsline",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsline.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Old addresses of renamed live blogs: a 404 there becomes a permanent redirect.
    "liveblogs.middleware.RenamedBlogRedirectMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # After authentication: the desk and account pages follow the person's
    # language setting; reader pages get the site's or the blog's (docs/i18n.md).
    "newsline.middleware.LanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.SignedInHintMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.StaffTwoFactorMiddleware",  # after messages: it explains its redirects
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
            # `html_datetime` for every <time datetime> (newsline/lib/html_time.py).
            "builtins": ["newsline.lib.html_time"],
        },
    },
]

ASGI_APPLICATION = "newsline.asgi.application"
WSGI_APPLICATION = "newsline.wsgi.application"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a kept connection that died (PostgreSQL restarted) is
    # replaced at the next request instead of failing it.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
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

# Reader and staff accounts: django-allauth (docs/accounts.md).
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_LOGIN_METHODS = {"email", "username"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a new one is verified before it replaces the old
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None  # readers choose "Remember me"
ACCOUNT_PREVENT_ENUMERATION = True
# Proxies in front of the app that append to X-Forwarded-For; only then do
# sign-in limits count the reader's address rather than the proxy's. [0]
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)
ACCOUNT_EMAIL_NOTIFICATIONS = True  # tell people when their password, email or two-factor changes
ACCOUNT_RATE_LIMITS = {}  # allauth's defaults (sign-in failures, sign-ups, resets, emails), counted in CACHES
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{env_str('NEWSROOM_NAME', 'Newsline')}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = _site.scheme
ACCOUNT_USERNAME_MIN_LENGTH = 3
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("NEWSROOM_NAME", "Newsline")
# A Fernet key (base64, 32 bytes) to encrypt two-factor secrets in the database. [empty: not encrypted]
MFA_ENCRYPTION_KEY = env_str("MFA_ENCRYPTION_KEY", "")
MFA_TOTP_TOLERANCE = 1  # accept the previous and next 30-second code too: phone clocks drift
# Every newsroom role must have two-factor sign-in on, and have used it in
# this session, to reach the desk and staff URLs. Off only for the demo and
# for tests that are not about it (they turn it on).
STAFF_REQUIRE_2FA = env_bool("STAFF_REQUIRE_2FA", not (env_bool("NEWSLINE_DEMO", False) or TESTING))
# URL prefixes that need staff two-factor; apps with staff pages append theirs.
STAFF_2FA_PATHS: list[str] = ["/desk/", "/admin/", "/community/moderate/", "/membership/reports/"]
# Extra parts of "Export my data": (key, dotted path of a callable(user) -> JSON-able).
EXPORT_PROVIDERS: list[tuple[str, str]] = []

# Outgoing email. EMAIL_BACKEND: console (prints), file (EMAIL_FILE_PATH), smtp, or a dotted path.
_email_backends = {
    "console": "django.core.mail.backends.console.EmailBackend",
    "file": "django.core.mail.backends.filebased.EmailBackend",
    "smtp": "django.core.mail.backends.smtp.EmailBackend",
    "locmem": "django.core.mail.backends.locmem.EmailBackend",
}
# The demo writes its mail to files (var/mail) rather than filling the server's
# console with every confirmation and notification.
_email_raw = env_str("EMAIL_BACKEND", "file" if env_bool("NEWSLINE_DEMO", False) else "console" if DEBUG else "smtp")
EMAIL_BACKEND = _email_backends.get(_email_raw.strip().lower(), _email_raw.strip())
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", f"{env_str('NEWSROOM_NAME', 'Newsline')} <noreply@{_site.hostname}>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages (docs/i18n.md). The interface ships in these; a blog's content
# language is one of them. Names are written in their own language, as a
# language menu shows them. To add one, see "Adding a language" in docs/i18n.md.
LANGUAGES = [
    ("en-gb", "English"),
    ("de", "Deutsch"),
    ("uk", "Українська"),
    ("ar", "العربية"),
]
# The newsroom's language: reader pages not about one blog, and a new blog's default.
LANGUAGE_CODE = env_str("LANGUAGE_CODE", "en-gb").strip().lower() or "en-gb"
if LANGUAGE_CODE not in dict(LANGUAGES):
    raise ConfigError(f"LANGUAGE_CODE={LANGUAGE_CODE!r}: expected one of {', '.join(dict(LANGUAGES))}")
# URL prefixes of pages that belong to one person (never shared-cached): they
# follow the person's language setting, else the browser's (Accept-Language).
# Every other page is the same bytes for everyone, in the site's or the blog's
# language. Apps with personal pages elsewhere append theirs.
PERSON_LANGUAGE_PATHS: list[str] = [
    "/desk/", "/admin/", "/accounts/", "/me", "/community/", "/membership/", "/saved/",
    "/people/",  # readers' profiles: private pages (follow and mute buttons), never shared-cached
    "/support/",  # the gift form: private (CSRF token, the signed-in reader's history link)
]
# Times are stored in UTC and shown in the newsroom's zone.
TIME_ZONE = env_timezone("NEWSROOM_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(VAR_DIR / "static")))
# collectstatic writes each file also as name.<content hash>.ext, with a .gz
# beside it; pages link the hashed names, which browsers and proxies may keep
# for a year (newsline/asgi.py). Tests render pages without collecting, so
# they keep plain names.
STORAGES = {
    # Uploads: MEDIA_STORAGE=filesystem (MEDIA_ROOT) or s3 (a bucket); docs/newsroom.md.
    "default": default_storage_from_env(),
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if TESTING
        else "servestatic.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or str(VAR_DIR / "media"))
MEDIA_URL = env_str("MEDIA_URL") or "/media/"
# Uploaded pictures (liveblogs.media): the app serves MEDIA_URL itself unless
# SERVE_MEDIA=0 (nginx or the bucket serves it instead).
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)
MEDIA_MAX_UPLOAD_BYTES = env_int("MEDIA_MAX_UPLOAD_BYTES", 15 * 1024 * 1024, minimum=1024)
MEDIA_MAX_PIXELS = env_int("MEDIA_MAX_PIXELS", 40_000_000, minimum=10_000)
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
# Behind a TLS proxy on an https site, plain-HTTP requests are sent to https,
# except the health and metrics probes that load balancers and Prometheus
# make to a node directly.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", _https and SECURE_PROXY_SSL_HEADER is not None)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
# Both reach beyond this site (every subdomain; browsers' built-in lists), so
# they are the operator's choice; `check --deploy` stays quiet about them.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = ["security.W005", "security.W021"]
# Sites that may frame the embed page (/embed/<slug>/), the one page that can
# be framed: any by default, or a comma-separated list of sources.
EMBED_FRAME_ANCESTORS = env_list("EMBED_FRAME_ANCESTORS", ["*"])
if any(";" in source or len(source.split()) != 1 for source in EMBED_FRAME_ANCESTORS):
    raise ConfigError(f"EMBED_FRAME_ANCESTORS={EMBED_FRAME_ANCESTORS!r}: expected sources such as https://partner.example")

# Live blog behaviour.
LIVEBLOG_PAGE_SIZE = env_int("LIVEBLOG_PAGE_SIZE", 20, minimum=1)
LIVEBLOG_MAX_BODY_CHARS = env_int("LIVEBLOG_MAX_BODY_CHARS", 100_000, minimum=1000)
# How long a draft blog's preview link works (liveblogs.preview_links).
LIVEBLOG_PREVIEW_LINK_HOURS = env_int("LIVEBLOG_PREVIEW_LINK_HOURS", 72, minimum=1)
# Editor analytics (liveblogs.beacon): each server process adds up its readers'
# page views, permalink opens and shares in memory and writes them this often.
ANALYTICS_FLUSH_SECONDS = env_int("ANALYTICS_FLUSH_SECONDS", 10, minimum=1)
# Beacons counted per client address per minute, per server process; more are ignored.
ANALYTICS_BEACONS_PER_MINUTE = env_int("ANALYTICS_BEACONS_PER_MINUTE", 30, minimum=1)
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
# When a server process stops, its stream readers are told to reconnect after
# a random delay in this range (ms), so they do not all come back at once.
REALTIME_DRAIN_RETRY_MIN_MS = env_int("REALTIME_DRAIN_RETRY_MIN_MS", 500, minimum=0)
REALTIME_DRAIN_RETRY_MAX_MS = env_int("REALTIME_DRAIN_RETRY_MAX_MS", 5000, minimum=0)
# Dotted path of a callable(source, key, seq) run after each event, e.g. to
# purge a CDN by surrogate key (realtime/purge.py). Empty: none.
REALTIME_PURGE_HOOK = env_str("REALTIME_PURGE_HOOK", "")

# A GRIP proxy (Pushpin, Fastly Fanout) in front of the stream endpoint
# (docs/deploy.md, "A GRIP proxy in front"). REALTIME_GRIP_URL is the proxy's
# publish/control URL (Pushpin: http://127.0.0.1:5561); when set, a stream
# request that came through the proxy is answered with GRIP instructions and
# every event is published to the proxy once, after its commit, by the
# process that wrote it (realtime/grip.py). REALTIME_GRIP_KEY is the proxy's
# signing key (Pushpin's sig_key, "base64:" for binary): with it, only
# requests whose Grip-Sig it verifies get GRIP answers, and publishes are
# signed. REALTIME_GRIP_STATS is the proxy's stats socket (Pushpin's
# stats_spec, a ZeroMQ address) for readers-now counts of held readers.
# Several proxies (comma-separated URLs): each event is published to every one.
REALTIME_GRIP_URL = env_str("REALTIME_GRIP_URL", "").strip()
REALTIME_GRIP_KEY = env_str("REALTIME_GRIP_KEY", "")
REALTIME_GRIP_STATS = env_str("REALTIME_GRIP_STATS", "").strip()
for _grip_url in filter(None, (u.strip() for u in REALTIME_GRIP_URL.split(","))):
    if not re.fullmatch(r"https?://[^\s/]+(/\S*)?", _grip_url):
        raise ConfigError(f"REALTIME_GRIP_URL={_grip_url!r}: expected the proxy's control URL, such as http://127.0.0.1:5561")
if REALTIME_GRIP_URL or REALTIME_GRIP_STATS:
    extras.require("grip", wanted_by="REALTIME_GRIP_URL" if REALTIME_GRIP_URL else "REALTIME_GRIP_STATS")
if REALTIME_GRIP_STATS and not re.fullmatch(r"(tcp|ipc)://\S+", REALTIME_GRIP_STATS):
    raise ConfigError(f"REALTIME_GRIP_STATS={REALTIME_GRIP_STATS!r}: expected a ZeroMQ address such as tcp://127.0.0.1:5564")

# Outbound webhooks (distribution/webhooks.py) refuse loopback, private and
# link-local addresses unless this is on (for a newsroom's own internal tools).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)

# Personal parts of the private /me endpoint, from apps that depend on accounts:
# (key, dotted path of a callable(request) -> JSON-able dict). See accounts/views/personal.py.
ME_PROVIDERS: list[tuple[str, str]] = []

# Polls and reactions in posts (votes app; docs/polls.md).
# How often each process's flusher counts what changed: at most one results event per poll per second.
VOTES_FLUSH_SECONDS = 1.0
# How long an anonymous voter's signed token (and its /votes/ cookie) is good for.
VOTES_VOTER_DAYS = env_int("VOTES_VOTER_DAYS", 30, minimum=1)
# New anonymous voter ids per client address per hour (bounds ballot stuffing by minting ids).
VOTES_VOTERS_PER_HOUR = env_int("VOTES_VOTERS_PER_HOUR", 60, minimum=1)
# Votes and reactions per client address per minute (many readers can share one address).
VOTES_PER_ADDRESS_PER_MINUTE = env_int("VOTES_PER_ADDRESS_PER_MINUTE", 600, minimum=1)
# Votes and reactions per reader (account or voter id) per minute.
VOTES_PER_READER_PER_MINUTE = env_int("VOTES_PER_READER_PER_MINUTE", 30, minimum=1)
# The page script's anonymous votes and reactions are taken in the fast lane (votes/fastlane.py):
# off sends them through Django's view as before (one write transaction per vote).
VOTES_FAST_LANE = env_bool("VOTES_FAST_LANE", True)
# How often each process writes the votes its fast lane accepted, in one transaction per batch.
VOTES_WRITE_SECONDS = env_int("VOTES_WRITE_MS", 200, minimum=10) / 1000
# How long the fast lane keeps what it knows of a poll or post (open, answers, language) before reading it again.
VOTES_META_SECONDS = 2.0
# Accepted votes waiting to be written, at most, per process (the database away or slow): then 503, try again.
VOTES_MAX_PENDING = env_int("VOTES_MAX_PENDING", 100_000, minimum=100)

# Comments (community app; docs/community.md).
COMMUNITY_EDIT_WINDOW_SECONDS = env_int("COMMUNITY_EDIT_WINDOW_SECONDS", 300, minimum=0)
COMMUNITY_MAX_DEPTH = env_int("COMMUNITY_MAX_DEPTH", 3, minimum=1)
COMMUNITY_MAX_COMMENT_CHARS = env_int("COMMUNITY_MAX_COMMENT_CHARS", 5000, minimum=100)
COMMUNITY_MAX_LINKS = env_int("COMMUNITY_MAX_LINKS", 2, minimum=0)
# New commenters' first N comments wait for a moderator (0: off).
COMMUNITY_PREMODERATE_FIRST = env_int("COMMUNITY_PREMODERATE_FIRST", 1, minimum=0)
COMMUNITY_BANNED_WORDS = env_list("COMMUNITY_BANNED_WORDS", [])
COMMUNITY_SUSPECT_WORDS = env_list("COMMUNITY_SUSPECT_WORDS", [])
# Hold readers whose recent comments were mostly rejected (of the last N moderated; 0: off).
COMMUNITY_REJECTION_WINDOW = env_int("COMMUNITY_REJECTION_WINDOW", 10, minimum=0)
COMMUNITY_REJECTION_RATE = env_int("COMMUNITY_REJECTION_RATE", 50, minimum=1)
# The toxicity step: COMMUNITY_TOXICITY=local uses the trained model shipped in alt-profanity-check
# (community/classifiers.py); or a dotted path of a callable(text) -> score 0..1 in
# COMMUNITY_TOXICITY_CLASSIFIER. Comments scoring at least COMMUNITY_TOXICITY_HOLD are held. [off]
COMMUNITY_TOXICITY = env_str("COMMUNITY_TOXICITY", "off").strip().lower() or "off"
if COMMUNITY_TOXICITY not in ("off", "local"):
    raise ConfigError(f"COMMUNITY_TOXICITY={COMMUNITY_TOXICITY!r}: expected off or local")
COMMUNITY_TOXICITY_CLASSIFIER = env_str("COMMUNITY_TOXICITY_CLASSIFIER", "") or (
    "community.classifiers.local_toxicity" if COMMUNITY_TOXICITY == "local" else "")
if COMMUNITY_TOXICITY_CLASSIFIER == "community.classifiers.local_toxicity":
    extras.require("toxicity", wanted_by="COMMUNITY_TOXICITY=local")
try:
    COMMUNITY_TOXICITY_HOLD = float(env_str("COMMUNITY_TOXICITY_HOLD", "0.8") or "0.8")
except ValueError:
    raise ConfigError("COMMUNITY_TOXICITY_HOLD: expected a number between 0 and 1, such as 0.8") from None
# Optional Akismet spam check (community/spam.py): on when AKISMET_API_KEY is set; spam is held.
AKISMET_API_KEY = env_str("AKISMET_API_KEY", "")
if AKISMET_API_KEY:
    extras.require("akismet", wanted_by="AKISMET_API_KEY")
AKISMET_SITE_URL = env_str("AKISMET_SITE_URL", "") or SITE_URL
AKISMET_TEST_MODE = env_bool("AKISMET_TEST_MODE", False)
# Threads close this many days after their blog opened (0: never).
COMMUNITY_AUTO_CLOSE_DAYS = env_int("COMMUNITY_AUTO_CLOSE_DAYS", 0, minimum=0)
ME_PROVIDERS.append(("community", "community.me.provide"))
# Panels on a blog's desk page, beside the composer: callables (request, blog) -> liveblogs.panels.DeskPanel,
# so liveblogs shows other apps' parts without importing them (docs/desk.md).
DESK_BLOG_PANELS: list[str] = ["community.views.questions.desk_panel", "liveblogs.views.analytics.desk_panel"]
# Sections other apps add to a blog's readers report: callables (request, blog) -> HTML or None.
DESK_ANALYTICS_SECTIONS: list[str] = ["votes.views.desk.analytics_section"]
EXPORT_PROVIDERS.append(("community", "community.export.provide"))
# Periodic jobs the job worker queues itself: callables `manage.py run_worker`
# calls at start and every WORKER_SCHEDULE_SECONDS (each safe with many workers).
WORKER_SCHEDULERS: list[str] = [
    "community.schedule.run_due",
    "liveblogs.analytics.sample_readers",
    "distribution.schedule.catch_up_missed",  # a missed wake-up: consumers left behind a blog's head
    "liveblogs.idempotency.prune_expired",  # publishing keys older than a day, of people who did not publish again
]
WORKER_SCHEDULE_SECONDS = env_int("WORKER_SCHEDULE_SECONDS", 15, minimum=1)
# How often an idle job worker looks for new jobs (run_worker's --interval default;
# django-tasks-db's own is 1 s). The blogs' log consumers run as jobs, so this bounds
# how soon a published post is searchable (docs/distribution.md: ~0.2 s at 250 ms).
# An idle look costs ~1-3 ms of one query (on SQLite a brief write lock).
JOB_WORKER_POLL_SECONDS = float(env_int("JOB_WORKER_POLL_MS", 250, minimum=50)) / 1000

# Reader revenue (membership app; docs/membership.md). Without STRIPE_SECRET_KEY
# the site runs a clearly labelled local test mode and no money moves.
STRIPE_SECRET_KEY = env_str("STRIPE_SECRET_KEY")
STRIPE_WEBHOOK_SECRET = env_str("STRIPE_WEBHOOK_SECRET")
# Only for tests and stripe-mock: where the SDK sends API calls.
STRIPE_API_BASE = env_str("STRIPE_API_BASE")
if STRIPE_SECRET_KEY and not STRIPE_WEBHOOK_SECRET:
    raise ConfigError("STRIPE_SECRET_KEY is set but STRIPE_WEBHOOK_SECRET is not (see docs/membership.md)")
MEMBERSHIP_CURRENCIES = [c.upper() for c in env_list("MEMBERSHIP_CURRENCIES", ["GBP", "EUR", "USD"])]
# Days a member keeps Premium after a renewal payment fails.
MEMBERSHIP_GRACE_DAYS = env_int("MEMBERSHIP_GRACE_DAYS", 7, minimum=0)
ME_PROVIDERS.append(("membership", "membership.me.provide"))

# Links other apps add to the desk's header: (label, URL name, user property
# that must be true). See liveblogs/templatetags/liveblogs_tags.py.
# Labels are marked for translation (gettext_noop: settings load before
# translations) and translated where the header is drawn.
DESK_LINKS: list[tuple[str, str, str]] = [
    (gettext_noop("API tokens"), "distribution:api_tokens", "is_newsroom_staff"),
    (gettext_noop("Webhooks"), "distribution:webhooks", "is_editor"),
    (gettext_noop("Comments"), "community:queue", "is_editor"),
    (gettext_noop("Membership reports"), "membership:reports", "is_editor"),
]

# Background jobs (scheduled posts, emails, webhooks): django-tasks with its
# database backend, so no extra server is needed; `manage.py db_worker` runs them.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Logs: one JSON object per line on stderr (LOG_FORMAT=text for plain lines),
# each with the request id; secrets and personal data are scrubbed
# (operations/jsonlog.py, docs/operations.md).
LOG_FORMAT = env_str("LOG_FORMAT", "json").strip().lower()
if LOG_FORMAT not in ("json", "text"):
    raise ConfigError(f"LOG_FORMAT={LOG_FORMAT!r}: expected json or text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "redact": {"()": "operations.jsonlog.RedactFilter"},
        "request_id": {"()": "operations.jsonlog.RequestIdFilter"},
    },
    "formatters": {
        "json": {"()": "operations.jsonlog.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT, "filters": ["request_id", "redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Our access log line per request replaces Django's own request warnings.
    "loggers": {"django.request": {"level": "ERROR"}},
}
# One access log line per request (operations/asgi.py).
ACCESS_LOG = env_bool("ACCESS_LOG", True)

# Operations: health, metrics, job worker (docs/operations.md).
# /metrics answers clients from these networks (CIDRs), or any client that
# sends `Authorization: Bearer <METRICS_TOKEN>`; everyone else gets 404.
METRICS_ALLOWED_NETWORKS = env_list("METRICS_ALLOWED_NETWORKS", ["127.0.0.0/8", "::1/128"])
METRICS_TOKEN = env_str("METRICS_TOKEN", "")
# /readyz fails when no job worker has beaten within this many seconds.
WORKER_HEARTBEAT_STALE_SECONDS = env_int("WORKER_HEARTBEAT_STALE_SECONDS", 30, minimum=5)
# Where `manage.py backup` writes (and `restore` looks first).
BACKUP_DIR = Path(env_str("BACKUP_DIR", str(VAR_DIR / "backups")))

# The newsroom.
NEWSROOM_NAME = env_str("NEWSROOM_NAME", "Newsline")
# The appeal's "Support us" link for readers without JavaScript (the membership app's page by default).
SUPPORT_URL = env_str("SUPPORT_URL") or "/support/"
# Changes whenever what a page looks like changes without an event (a deploy,
# new templates): part of every reader ETag.
RENDER_VERSION = env_str("RENDER_VERSION", "1")

# Web Push alerts (pushalerts/, docs/community.md "Push alerts"). The newsroom's
# VAPID key pair, base64url (`manage.py webpush_keys` makes one). Unset, readers
# are not offered alerts, except in the demo, which keeps a pair of its own in
# var/webpush-vapid.json, made on first use and never committed.
WEBPUSH_VAPID_PUBLIC_KEY = env_str("WEBPUSH_VAPID_PUBLIC_KEY", "").strip()
WEBPUSH_VAPID_PRIVATE_KEY = env_str("WEBPUSH_VAPID_PRIVATE_KEY", "").strip()
if bool(WEBPUSH_VAPID_PUBLIC_KEY) != bool(WEBPUSH_VAPID_PRIVATE_KEY):
    raise ConfigError("Set both WEBPUSH_VAPID_PUBLIC_KEY and WEBPUSH_VAPID_PRIVATE_KEY, or neither "
                      "(manage.py webpush_keys prints a new pair)")
# Who push services contact about our pushes: a mailto: or https: URL (RFC 8292).
WEBPUSH_VAPID_SUBJECT = env_str("WEBPUSH_VAPID_SUBJECT", "") or "mailto:" + parseaddr(DEFAULT_FROM_EMAIL)[1]
if not WEBPUSH_VAPID_SUBJECT.startswith(("mailto:", "https://")):
    raise ConfigError(f"WEBPUSH_VAPID_SUBJECT={WEBPUSH_VAPID_SUBJECT!r}: expected mailto:… or https://…")
WEBPUSH_DEMO_KEYS = env_bool("WEBPUSH_DEMO_KEYS", env_bool("NEWSLINE_DEMO", False) and not TESTING)
# Hosts of the push services we send to (a reader's subscription names its
# endpoint; any other host is refused, so a subscription cannot point our
# server at the newsroom's own network). `*.` matches subdomains.
WEBPUSH_PUSH_SERVICES = env_list("WEBPUSH_PUSH_SERVICES", [
    "fcm.googleapis.com", "*.push.services.mozilla.com", "*.notify.windows.com", "*.push.apple.com",
])
# Tests only: accept http://127.0.0.1:<port>/… endpoints (the tests' local push service).
WEBPUSH_ALLOW_LOOPBACK = env_bool("WEBPUSH_ALLOW_LOOPBACK", False)
if WEBPUSH_ALLOW_LOOPBACK and not (TESTING or DEBUG):
    raise ConfigError("WEBPUSH_ALLOW_LOOPBACK is for tests only (NEWSLINE_TESTING or DEBUG)")
# How long a push service keeps an alert for a browser that is offline.
WEBPUSH_TTL_SECONDS = env_int("WEBPUSH_TTL_SECONDS", 6 * 3600, minimum=0)
# New subscriptions per client address per hour.
WEBPUSH_SUBSCRIBES_PER_ADDRESS_PER_HOUR = env_int("WEBPUSH_SUBSCRIBES_PER_ADDRESS_PER_HOUR", 60, minimum=1)

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
# The cache holds rate-limit counters (ours and allauth's), so every process
# must share it: Redis when REDIS_URL is set, else a table in the database
# (created by community's migration 0004, or `manage.py createcachetable`).
if REDIS_URL:
    # Django's Redis cache, except that an outage drops counts instead of failing requests.
    CACHES = {"default": {"BACKEND": "newsline.lib.tolerant_cache.TolerantRedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": "newsline"}}
else:
    # Django culls a third of the table past 300 rows by default: far too few counters for a busy site.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "newsline_cache",
                          "OPTIONS": {"MAX_ENTRIES": 200_000}}}
_broker_raw = env_str("REALTIME_BROKER", "auto").strip().lower() or "auto"
_on_postgres = DATABASES["default"]["ENGINE"].endswith(("postgresql", "postgis"))
if _on_postgres:
    # Full-text search (distribution/search.py); SQLite uses FTS5 instead.
    INSTALLED_APPS.append("django.contrib.postgres")
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
