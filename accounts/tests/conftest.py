import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits(request):
    # allauth counts attempts in the cache; each test starts from zero. The cache
    # is a database table (settings.CACHES without REDIS_URL): tests without the
    # database have no counters to clear.
    uses_database = bool(request.node.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames))
    if not uses_database:
        yield
        return
    transactional = "transactional_db" in request.fixturenames or any(
        m.kwargs.get("transaction") for m in request.node.iter_markers("django_db"))
    request.getfixturevalue("transactional_db" if transactional else "db")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser_page(live_server, new_page):
    """A Chromium page (the session's one Playwright, conftest.py) for tests
    against pytest-django's threaded live server, which runs in this process
    (so the `settings` fixture reaches it)."""
    return new_page()
