"""The storm blog's team for the desk tests: Rita and Rafe are assigned to it
as reporters (as a newsroom would do before they file). Tests of what an
unassigned reporter cannot do use a second blog (`other_blog`)."""

import pytest


@pytest.fixture
def blog(blog, editor, reporter, other_reporter):
    from liveblogs import actions

    actions.assign_staff(blog=blog, by=editor, user=reporter)
    actions.assign_staff(blog=blog, by=editor, user=other_reporter)
    return blog


@pytest.fixture
def other_blog(editor):
    """A live blog nobody is assigned to."""
    from liveblogs import actions

    blog = actions.create_blog(by=editor, headline="Election night", slug="election")
    return actions.open_blog(blog=blog, by=editor)


@pytest.fixture
def assign(editor):
    from liveblogs import actions

    def _assign(blog, *people):
        for person in people:
            actions.assign_staff(blog=blog, by=editor, user=person)

    return _assign


@pytest.fixture
def media_root(settings, tmp_path):
    """Pictures go to a folder of this test's own, served under /media/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    return settings.MEDIA_ROOT
