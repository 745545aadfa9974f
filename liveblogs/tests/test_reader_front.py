import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_lists_live_blogs_by_latest_activity_then_ended_ones(client, editor, publish):
    quiet = actions.open_blog(blog=actions.create_blog(by=editor, headline="Quiet story", slug="quiet"), by=editor)
    busy = actions.open_blog(blog=actions.create_blog(by=editor, headline="Busy story", slug="busy"), by=editor)
    done = actions.open_blog(blog=actions.create_blog(by=editor, headline="Finished story", slug="done"), by=editor)
    actions.close_blog(blog=done, by=editor)
    publish(busy, headline="News")
    actions.create_blog(by=editor, headline="Unpublished draft", slug="draft")
    html = client.get("/").content.decode()
    assert (
        html.index("Busy story")
        < html.index("Quiet story")
        < html.index("Recently ended")
        < html.index("Finished story")
    )
    assert "Unpublished draft" not in html
    assert quiet.get_absolute_url() in html
