import pytest

from liveblogs import actions
from liveblogs.models import BlogEvent, LiveBlog

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(editor):
    return actions.create_blog(by=editor, headline="Budget day", slug="budget")


def _blog(slug):
    return LiveBlog.objects.get(slug=slug)


def test_it_opens_a_draft_for_readers(client, editor, draft):
    assert client.get("/live/budget/").status_code == 404
    client.force_login(editor)
    r = client.post("/desk/blogs/budget/open/")
    assert r.status_code == 302
    assert r.url == "/desk/blogs/budget/"
    assert _blog("budget").status == LiveBlog.Status.LIVE
    assert _blog("budget").head_seq == 1
    assert BlogEvent.objects.filter(blog=draft, kind="blog.opened").exists()
    assert client.get("/live/budget/").status_code == 200
    html = client.get(r.url).content.decode()
    assert "The live blog is open" in html
    assert ">Live</span>" in html
    assert "View as reader" in html


def test_it_asks_before_closing(client, editor, blog):
    client.force_login(editor)
    r = client.get("/desk/blogs/storm/close/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Close “Storm hits the coast”?" in html
    assert 'name="confirmed" value="yes"' in html
    # A POST without the confirmation (JavaScript off) shows the same page.
    r = client.post("/desk/blogs/storm/close/")
    assert r.status_code == 200
    assert "Close “Storm hits the coast”?" in r.content.decode()
    assert _blog("storm").status == LiveBlog.Status.LIVE


def test_it_closes_a_live_blog(client, editor, blog):
    before = _blog("storm").head_seq
    client.force_login(editor)
    r = client.post("/desk/blogs/storm/close/", {"confirmed": "yes"}, follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "The live blog is closed." in html
    assert ">Ended</span>" in html
    assert ">Reopen</button>" in html
    assert _blog("storm").status == LiveBlog.Status.ENDED
    assert _blog("storm").head_seq == before + 1


def test_it_reopens_an_ended_blog(client, editor, blog):
    actions.close_blog(blog=blog, by=editor)
    client.force_login(editor)
    client.post("/desk/blogs/storm/open/")
    assert _blog("storm").status == LiveBlog.Status.LIVE


def test_it_explains_why_a_draft_cannot_be_closed(client, editor, draft):
    client.force_login(editor)
    r = client.post("/desk/blogs/budget/close/", {"confirmed": "yes"}, follow=True)
    assert "Only a live blog can be closed." in r.content.decode()
    assert _blog("budget").status == LiveBlog.Status.DRAFT


def test_it_opens_and_closes_only_with_a_post(client, editor, draft):
    client.force_login(editor)
    assert client.get("/desk/blogs/budget/open/").status_code == 405
    assert _blog("budget").status == LiveBlog.Status.DRAFT


def test_it_forbids_reporters(client, reporter, draft, blog):
    client.force_login(reporter)
    assert client.post("/desk/blogs/budget/open/").status_code == 403
    assert client.post("/desk/blogs/storm/close/", {"confirmed": "yes"}).status_code == 403
    assert _blog("budget").status == LiveBlog.Status.DRAFT
    assert _blog("storm").status == LiveBlog.Status.LIVE
    # And they are not offered the buttons.
    html = client.get("/desk/blogs/storm/").content.decode()
    assert "/desk/blogs/storm/close/" not in html


def test_it_forbids_readers(client, reader, blog):
    client.force_login(reader)
    assert client.post("/desk/blogs/storm/close/", {"confirmed": "yes"}).status_code == 403
    assert _blog("storm").status == LiveBlog.Status.LIVE


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog):
    r = client.post("/desk/blogs/storm/close/", {"confirmed": "yes"})
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
    assert _blog("storm").status == LiveBlog.Status.LIVE
