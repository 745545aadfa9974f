import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts attempts in the cache; each test starts from zero.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def browser_page(live_server, new_page):
    """A Chromium page (the session's one Playwright, conftest.py) for tests
    against pytest-django's threaded live server, which runs in this process
    (so the `settings` fixture reaches it)."""
    return new_page()
