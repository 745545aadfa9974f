"""Community test helpers: verified readers (allauth EmailAddress rows) and
settings that keep most tests free of first-comment pre-moderation."""

import pytest
from django.core.cache import cache


def verify(user):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.update_or_create(user=user, email=user.email, defaults={"verified": True, "primary": True})
    return user


@pytest.fixture(autouse=True)
def _community_settings(settings):
    settings.COMMUNITY_PREMODERATE_FIRST = 0
    settings.COMMUNITY_BANNED_WORDS = []
    settings.COMMUNITY_SUSPECT_WORDS = []
    cache.clear()  # rate-limit counters
    yield
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
