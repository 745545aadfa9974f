"""The CDN purge hook runs after each event, and only after commit."""

import pytest

from realtime import purge
from realtime.registry import _listeners

pytestmark = pytest.mark.django_db

calls = []


def record(source, key, seq):
    calls.append((source, key, seq))


def explode(source, key, seq):
    raise RuntimeError("CDN down")


@pytest.fixture
def hooked(settings):
    def install(path):
        settings.REALTIME_PURGE_HOOK = path
        before = list(_listeners)
        purge.install()
        return [listener for listener in _listeners if listener not in before]

    added = []
    yield lambda path: added.extend(install(path))
    for listener in added:
        _listeners.remove(listener)
    calls.clear()


def test_it_calls_the_hook_with_the_blogs_new_head(hooked, blog, publish, django_capture_on_commit_callbacks):
    hooked("realtime.tests.test_purge_hook.record")
    with django_capture_on_commit_callbacks(execute=True):
        publish(blog, headline="Purge me")
    blog.refresh_from_db()
    assert calls == [("liveblog", "storm", blog.head_seq)]


def test_it_never_fails_a_write_when_the_hook_fails(hooked, blog, publish, django_capture_on_commit_callbacks):
    hooked("realtime.tests.test_purge_hook.explode")
    with django_capture_on_commit_callbacks(execute=True):
        post = publish(blog, headline="Still published")
    assert blog.posts.filter(pk=post.pk).exists()


def test_it_installs_nothing_by_default(hooked, settings):
    before = list(_listeners)
    settings.REALTIME_PURGE_HOOK = ""
    purge.install()
    assert _listeners == before
