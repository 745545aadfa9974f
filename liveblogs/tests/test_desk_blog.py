"""The blog's desk page (GET): compose form and timeline."""

import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_shows_the_compose_form_with_visible_labels(client, editor, blog):
    client.force_login(editor)
    r = client.get("/desk/blogs/storm/")
    assert r.status_code == 200
    html = r.content.decode()
    for field, label in [
        ("headline", "Headline"), ("body", "Body"), ("label", "Label"), ("is_key_event", "Key event"),
        ("is_pinned", "Pin"), ("article_url", "Article URL"), ("article_author", "Article author"),
        ("article_headline", "Article headline"), ("article_standfirst", "Article standfirst"),
    ]:
        assert f'<label for="id_{field}">{label}</label>' in html
    assert "<legend>Post type</legend>" in html
    assert ">Publish</button>" in html
    # The editor's assets, import map included, are in the page.
    assert '<script type="importmap" nonce="' in html
    assert "data-django-prose-editor-configurable" in html
    assert 'data-draft-key="newsline:desk:draft:storm"' in html


def test_it_hides_pin_and_key_event_from_reporters(client, reporter, blog):
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert 'name="is_pinned"' not in html
    assert 'name="is_key_event"' not in html
    assert ">Publish</button>" in html


def test_it_shows_the_status_and_a_link_to_the_reader_page(client, reporter, blog):
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert ">Live</span>" in html
    assert '<a class="button" href="/live/storm/">View as reader</a>' in html


def test_it_says_when_the_blog_has_ended(client, editor, reporter, blog):
    actions.close_blog(blog=blog, by=editor)
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert ">Ended</span>" in html
    assert "This live blog has ended; reopen it before publishing." in html


def test_it_shows_the_timeline_pinned_first_then_newest(client, editor, blog, publish):
    old = publish(blog, headline="Oldest news")
    publish(blog, headline="Middle news")
    publish(blog, headline="Newest news")
    gone = publish(blog, headline="Withdrawn news")
    actions.delete_post(post=gone, by=editor)
    actions.set_pinned(post=old, by=editor, pinned=True)
    client.force_login(editor)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert html.index("Oldest news") < html.index("Newest news") < html.index("Middle news")
    # Deleted posts are listed apart, for restoring (test_desk_post_restore.py).
    assert "Withdrawn news" not in html.split('id="deleted-title"')[0]
    assert ">Unpin<" in html


def test_it_offers_reporters_edit_and_delete_only_on_their_own_posts(client, reporter, other_reporter, blog, publish):
    mine = publish(blog, headline="Mine", by=reporter)
    theirs = publish(blog, headline="Theirs", by=other_reporter)
    client.force_login(reporter)
    html = client.get("/desk/blogs/storm/").content.decode()
    assert f"/desk/blogs/storm/posts/{mine.pk}/edit/" in html
    assert f"/desk/blogs/storm/posts/{mine.pk}/delete/" in html
    assert f"/desk/blogs/storm/posts/{theirs.pk}/edit/" not in html
    assert f"/desk/blogs/storm/posts/{theirs.pk}/delete/" not in html
    assert "/pin/" not in html
    assert "/key-event/" not in html


def test_it_answers_404_for_an_unknown_blog(client, editor):
    client.force_login(editor)
    assert client.get("/desk/blogs/nope/").status_code == 404


def test_it_forbids_readers(client, reader, blog):
    client.force_login(reader)
    assert client.get("/desk/blogs/storm/").status_code == 403


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog):
    r = client.get("/desk/blogs/storm/")
    assert r.status_code == 302
    assert r.url == "/desk/login/?next=/desk/blogs/storm/"
