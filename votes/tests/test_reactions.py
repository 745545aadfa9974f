"""Reactions: one per reader per post, changeable; off per blog."""

import json

import pytest
from django.test import Client

from liveblogs import actions as blog_actions
from liveblogs.models import AuditEntry, BlogEvent, LiveBlog
from votes.models import Reaction

pytestmark = pytest.mark.django_db


def _token(blog):
    return Client().get(f"/votes/voter?blog={blog.slug}&new=1").json()["token"]


def _react(post, kind, token):
    return Client().post(f"/votes/posts/{post.pk}/reactions/", json.dumps({"reaction": kind, "token": token}),
                         content_type="application/json", HTTP_ACCEPT="application/json")


def test_it_keeps_one_reaction_per_reader_and_lets_them_change_it(post):
    token = _token(post.blog)
    assert _react(post, "like", token).json()["counts"] == {"like": 1}
    changed = _react(post, "wow", token)
    assert changed.json() == {"ok": True, "message": "Your reaction is counted.", "counts": {"wow": 1}, "mine": "wow"}
    taken_back = _react(post, "", token)
    assert taken_back.json()["counts"] == {} and taken_back.json()["mine"] is None
    other = _token(post.blog)
    _react(post, "sad", other)
    _react(post, "sad", token)
    assert Reaction.objects.filter(post=post).count() == 2


def test_it_refuses_an_unknown_reaction(post):
    response = _react(post, "meh", _token(post.blog))
    assert response.status_code == 400
    assert not Reaction.objects.exists()


def test_it_counts_reactions_in_the_public_results(client, post):
    _react(post, "love", _token(post.blog))
    _react(post, "love", _token(post.blog))
    response = client.get(f"/votes/blogs/{post.blog.slug}/results")
    assert response["Cache-Control"] == "public, max-age=1"
    assert not response.cookies
    assert response.json()["reactions"] == [{"post": post.pk, "counts": {"love": 2}}]


def test_it_reacts_without_javascript_after_the_reader_confirms(post):
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(f"/votes/posts/{post.pk}/reactions/?reaction=wow")
    assert "Confirm your reaction" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    done = browser.post(f"/votes/posts/{post.pk}/reactions/",
                        {"reaction": "wow", "csrfmiddlewaretoken": browser.cookies["csrftoken"].value})
    assert done.status_code == 200
    assert "Your reaction is counted." in done.content.decode()
    assert Reaction.objects.get().kind == "wow"


def test_an_editor_turns_reactions_off_on_edit_details(client, editor, post):
    client.force_login(editor)
    blog = post.blog
    assert 'data-reaction="like"' in Client().get(f"/live/{blog.slug}/").content.decode()
    head = LiveBlog.objects.get(pk=blog.pk).head_seq
    response = client.post(f"/desk/blogs/{blog.slug}/edit/", {
        "headline": blog.headline, "standfirst": blog.standfirst, "slug": blog.slug, "topics": "",
        "summary": "", "reactions_shown": "1",  # the box, unticked
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    blog.refresh_from_db()
    assert blog.reactions_enabled is False
    assert AuditEntry.objects.filter(action="update_blog").latest("id").changes["reactions"] == ["on", "off"]
    event = BlogEvent.objects.get(blog=blog, seq=head + 1)
    assert json.loads(event.payload)["blog"]["reactions"] is False
    page = Client().get(f"/live/{blog.slug}/").content.decode()
    assert 'data-reaction="like"' not in page and 'data-reactions-enabled="off"' in page
    refused = _react(post, "like", _token(blog))
    assert refused.status_code == 400 and "turned off" in refused.json()["message"]


def test_a_form_without_the_box_leaves_reactions_alone(client, editor, blog):
    # An older page or a script that knows nothing of reactions must not turn them off.
    client.force_login(editor)
    response = client.post(f"/desk/blogs/{blog.slug}/edit/", {
        "headline": "New headline", "standfirst": "", "slug": blog.slug, "topics": "", "summary": "",
    })
    assert response.status_code == 302
    blog.refresh_from_db()
    assert (blog.headline, blog.reactions_enabled) == ("New headline", True)
    blog_actions.update_blog(blog=blog, by=editor, headline="Newer", standfirst="", topics=[])
    blog.refresh_from_db()
    assert blog.reactions_enabled is True
