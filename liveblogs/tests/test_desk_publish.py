"""Publishing from the compose form (POST /desk/blogs/<slug>/)."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils.html import escape

from liveblogs import actions
from liveblogs.models import LiveBlog, Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def _post(**overrides):
    return {"kind": "update", "headline": "", "body": "", "label": ""} | overrides


def _head(blog):
    return LiveBlog.objects.get(pk=blog.pk).head_seq


def test_it_publishes_a_post_readers_can_see(client, reporter, blog):
    before = _head(blog)
    client.force_login(reporter)
    r = client.post(
        URL,
        _post(
            headline="Trees down on the seafront",
            body="<p>Police have closed the <strong>promenade</strong>.</p>",
            label="breaking",
        ),
    )
    post = Post.objects.get()
    assert r.status_code == 302
    assert r.url == f"{URL}#post-{post.pk}"
    assert post.created_by == reporter
    assert list(post.authors.all()) == [reporter]
    assert post.label == "breaking"
    assert _head(blog) == before + 1
    html = client.get("/live/storm/").content.decode()
    assert "Trees down on the seafront" in html
    assert "Police have closed the <strong>promenade</strong>." in html
    assert "By Rita Reporter" in html


def test_it_confirms_and_gives_back_an_empty_form(client, reporter, blog):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Trees down", body="<p>Roads closed.</p>"), follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert "Published." in html
    # desk.js forgets the saved draft when it sees this.
    assert 'data-published="true"' in html
    assert '<input type="text" name="headline" maxlength="200" id="id_headline">' in html
    # The next visit is an ordinary one.
    assert 'data-published="true"' not in client.get(URL).content.decode()


def test_it_strips_script_tags(client, editor, blog):
    client.force_login(editor)
    client.post(URL, _post(headline="Safe", body='<p onclick="steal()">Hello</p><script>alert("x")</script>'))
    assert Post.objects.get().body == "<p>Hello</p>"
    html = client.get("/live/storm/").content.decode()
    assert 'alert("x")' not in html
    assert "steal()" not in html


def test_it_turns_plain_text_into_paragraphs(client, editor, blog):
    # Typed into the bare textarea when the editor has not loaded.
    client.force_login(editor)
    client.post(URL, _post(body="Rain & wind\n\nSecond paragraph"))
    assert Post.objects.get().body == "<p>Rain &amp; wind</p>\n\n<p>Second paragraph</p>"


def test_it_asks_for_a_headline_or_text(client, reporter, blog):
    before = _head(blog)
    client.force_login(reporter)
    r = client.post(URL, _post())
    assert r.status_code == 400
    html = r.content.decode()
    assert (
        '<ul class="errorlist" id="id_body_error"><li>Write a headline or some text before publishing.</li></ul>'
        in html
    )
    assert not Post.objects.exists()
    assert _head(blog) == before


def test_it_treats_a_body_of_only_a_script_as_empty(client, reporter, blog):
    client.force_login(reporter)
    r = client.post(URL, _post(body="<script>alert(1)</script>"))
    assert r.status_code == 400
    assert "Write a headline or some text before publishing." in r.content.decode()
    assert not Post.objects.exists()


def test_it_publishes_a_headline_without_a_body(client, reporter, blog):
    client.force_login(reporter)
    client.post(URL, _post(headline="Schools closed tomorrow"))
    assert Post.objects.get().headline == "Schools closed tomorrow"


def test_it_refuses_a_body_over_the_limit_and_keeps_the_text(client, reporter, blog):
    body = "<p>" + "storm " * 34_000 + "</p>"  # About 200 KB, as from a big paste.
    assert len(body) > 200_000
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Full statement", body=body))
    assert r.status_code == 400
    html = r.content.decode()
    limit = settings.LIVEBLOG_MAX_BODY_CHARS
    assert f"This post is too long ({len(body)} characters); the limit is {limit}." in html
    assert escape(body) in html  # Back in the field, every character of it.
    assert 'value="Full statement"' in html
    assert not Post.objects.exists()


def test_it_refuses_a_headline_over_200_characters(client, reporter, blog):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="x" * 201, body="<p>Text kept</p>"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "Ensure this value has at most 200 characters (it has 201)." in html
    assert "&lt;p&gt;Text kept&lt;/p&gt;" in html


def test_it_refuses_to_publish_to_an_ended_blog_and_keeps_the_text(client, editor, reporter, blog):
    actions.close_blog(blog=blog, by=editor)
    before = _head(blog)
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Late news", body="<p>Words I typed</p>"))
    assert r.status_code == 400
    html = r.content.decode()
    assert (
        '<div class="form-errors" role="alert"><ul class="errorlist nonfield">'
        "<li>This live blog has ended; reopen it before publishing.</li></ul></div>"
        in html
    )
    assert 'value="Late news"' in html
    assert "&lt;p&gt;Words I typed&lt;/p&gt;" in html
    assert not Post.objects.exists()
    assert _head(blog) == before


def test_it_publishes_an_article_card(client, editor, blog):
    client.force_login(editor)
    r = client.post(URL, _post(
        kind="article", label="opinion", article_url="https://news.example.org/opinion/storms",
        article_author="Jo Bloggs", article_headline="We must prepare for more storms",
        article_standfirst="The coast is changing.",
    ))
    assert r.status_code == 302
    post = Post.objects.get()
    assert post.kind == "article"
    html = client.get("/live/storm/").content.decode()
    assert "Jo Bloggs writes:" in html
    assert '<a href="https://news.example.org/opinion/storms">We must prepare for more storms</a>' in html


def test_it_requires_an_article_cards_url_and_headline(client, editor, blog):
    client.force_login(editor)
    r = client.post(URL, _post(kind="article", article_author="Jo Bloggs"))
    assert r.status_code == 400
    html = r.content.decode()
    assert "Add the address of the article this card links to." in html
    assert "Add the article&#x27;s headline." in html
    assert 'value="Jo Bloggs"' in html
    assert not Post.objects.exists()


def test_it_accepts_only_web_addresses_for_article_cards(client, editor, blog):
    client.force_login(editor)
    r = client.post(URL, _post(kind="article", article_url="javascript:alert(1)", article_headline="Sneaky"))
    assert r.status_code == 400
    assert "Enter a web address starting with http:// or https://." in r.content.decode()
    assert not Post.objects.exists()


def test_it_ignores_article_fields_on_an_update(client, editor, blog):
    client.force_login(editor)
    client.post(URL, _post(headline="Just an update", article_url="https://example.org/", article_headline="Stray"))
    post = Post.objects.get()
    assert post.kind == "update"
    assert post.article_url == ""


def test_it_lets_editors_pin_and_mark_key_events(client, editor, blog, publish):
    earlier = publish(blog, headline="Earlier pinned", is_pinned=True)
    client.force_login(editor)
    client.post(URL, _post(headline="Evacuation ordered", is_pinned="on", is_key_event="on"))
    post = Post.objects.get(headline="Evacuation ordered")
    assert post.is_pinned and post.is_key_event
    assert not Post.objects.get(pk=earlier.pk).is_pinned
    html = client.get("/live/storm/").content.decode()
    assert html.index(f'id="post-{post.pk}"') < html.index(f'id="post-{earlier.pk}"')
    assert f'id="key-{post.pk}"' in html


def test_it_ignores_pin_and_key_event_crafted_by_a_reporter(client, reporter, blog):
    client.force_login(reporter)
    r = client.post(URL, _post(headline="Sneaky", is_pinned="on", is_key_event="on"))
    assert r.status_code == 302
    post = Post.objects.get()
    assert not post.is_pinned
    assert not post.is_key_event


def test_it_needs_the_csrf_token(reporter, blog):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reporter)
    r = client.post(URL, _post(headline="No token"))
    assert r.status_code == 403
    assert not Post.objects.exists()


def test_it_forbids_readers(client, reader, blog):
    client.force_login(reader)
    assert client.post(URL, _post(headline="Hello")).status_code == 403
    assert not Post.objects.exists()


def test_it_redirects_anonymous_visitors_to_sign_in(client, blog):
    r = client.post(URL, _post(headline="Hello"))
    assert r.status_code == 302
    assert r.url.startswith("/desk/login/")
    assert not Post.objects.exists()
