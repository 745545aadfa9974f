import pytest
from django.core.management import call_command

from pushalerts import vapid
from pushalerts.tests.receiver import Receiver


@pytest.fixture
def vapid_keys(settings):
    """Alerts switched on with a key pair made for the test, and the local
    push service's http://127.0.0.1 endpoints allowed."""
    keys = vapid.generate()
    settings.WEBPUSH_VAPID_PUBLIC_KEY = keys.public
    settings.WEBPUSH_VAPID_PRIVATE_KEY = keys.private
    settings.WEBPUSH_DEMO_KEYS = False
    settings.WEBPUSH_ALLOW_LOOPBACK = True
    return keys


@pytest.fixture
def receiver(vapid_keys):
    r = Receiver()
    yield r
    r.stop()
    assert not r.refused, r.refused


@pytest.fixture
def run_worker():
    """The real job worker, once through the queue (tests using it need
    django_db(transaction=True): it closes the connection when done)."""

    def run():
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)

    return run
