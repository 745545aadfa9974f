import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")
application = get_wsgi_application()

from liveblogs import events  # noqa: E402

# What the worker's first post would otherwise load after its event's `at`
# (the URLconf, the payload's templates); newsline/asgi.py does it at start-up.
events.warm_up()
