"""Community test helpers: verified readers (allauth EmailAddress rows) and
settings that keep most tests free of first-comment pre-moderation."""

import pytest
from django.core.cache import cache


def verify(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


def uses_database(request) -> bool:
    """The cache is a database table (without REDIS_URL): only tests that may
    use the database can clear it."""
    return bool(request.node.get_closest_marker("django_db")) or bool(
        {"db", "transactional_db", "django_db_reset_sequences"} & set(request.fixturenames))


@pytest.fixture(autouse=True)
def _community_settings(settings, request):
    settings.COMMUNITY_PREMODERATE_FIRST = 0
    settings.COMMUNITY_BANNED_WORDS = []
    settings.COMMUNITY_SUSPECT_WORDS = []
    clear = uses_database(request)
    if clear:
        transactional = "transactional_db" in request.fixturenames or any(
            m.kwargs.get("transaction") for m in request.node.iter_markers("django_db"))
        request.getfixturevalue("transactional_db" if transactional else "db")
        cache.clear()  # rate-limit counters
    yield
    if clear:
        cache.clear()


@pytest.fixture
def rosa(reader):
    return verify(reader)


@pytest.fixture
def sam(stranger):
    return verify(stranger)


@pytest.fixture
def comment_on(blog):
    """comment_on(user, body, parent=None, on=blog): through the real action."""
    from community import actions

    def make(user, body="A first thought.", parent=None, on=None):
        return actions.post_comment(blog=on or blog, by=user, body=body, parent=parent)

    return make
