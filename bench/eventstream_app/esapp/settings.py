"""The smallest Django project that serves django-eventstream, for the
fan-out comparison in bench/run.py. Not part of Newsline."""

import os

SECRET_KEY = "bench-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "django_eventstream"]
# No sessions or auth middleware: anonymous readers, as on Newsline's stream.
MIDDLEWARE = []
ROOT_URLCONF = "esapp.urls"
ASGI_APPLICATION = "esapp.asgi.application"
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("ES_SQLITE_PATH", "/tmp/eventstream-bench.sqlite3"),
    }
}
USE_TZ = True
# No EVENTSTREAM_STORAGE_CLASS: events are not persisted (its fastest set-up).
# Redis pub/sub carries each event from the publisher process to the server.
EVENTSTREAM_REDIS = {
    "host": os.environ.get("ES_REDIS_HOST", "127.0.0.1"),
    "port": int(os.environ.get("ES_REDIS_PORT", "6379")),
    "db": int(os.environ.get("ES_REDIS_DB", "0")),
}
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
