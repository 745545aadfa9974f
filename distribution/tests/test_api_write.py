"""Writing posts through /api/v1/ with a token: the desk's actions, gates and
sanitiser; errors as problem+json; rate limits per token."""

import pytest

from distribution import api
from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def _post(client, url, secret, payload):
    return client.post(url, payload, content_type="application/json", headers={"Authorization": f"Bearer {secret}"})


def _patch(client, url, secret, payload):
    return client.patch(url, payload, content_type="application/json", headers={"Authorization": f"Bearer {secret}"})


def test_it_publishes_a_sanitised_post_as_the_token_owner(client, blog, editor, make_token):
    secret = make_token(editor, ["post"])
    response = _post(
        client,
        "/api/v1/blogs/storm/posts",
        secret,
        {
            "headline": "Bridge shut",
            "body": '<p onclick="x()">Police <script>bad()</script>say so.</p>',
            "label": "breaking",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    post = Post.objects.get(pk=body["id"])
    assert post.body == "<p>Police say so.</p>" and body["body_html"] == post.body
    assert list(post.authors.all()) == [editor]
    assert BlogEvent.objects.filter(blog=blog, kind="post.published", post_id_ref=post.pk).exists()
    assert AuditEntry.objects.filter(post=post, action="publish_post", actor=editor).exists()


def test_it_makes_paragraphs_of_plain_text_as_the_desk_does(client, blog, editor, make_token):
    response = _post(
        client, "/api/v1/blogs/storm/posts", make_token(editor), {"body": "First line.\n\nThen 3 < 4 & more."}
    )
    assert response.json()["body_html"] == "<p>First line.</p>\n\n<p>Then 3 &lt; 4 &amp; more.</p>"


def test_it_needs_a_token_with_the_right_scope(client, blog, editor, make_token):
    assert (
        client.post("/api/v1/blogs/storm/posts", {"headline": "x"}, content_type="application/json").status_code == 401
    )
    response = _post(client, "/api/v1/blogs/storm/posts", make_token(editor, ["read"]), {"headline": "x"})
    assert response.status_code == 403
    assert "post" in response.json()["detail"]


def test_it_applies_the_desk_permissions(client, blog, publish, reporter, other_reporter, reader, make_token):
    reader_secret = make_token(reader, ["post", "edit"])
    assert _post(client, "/api/v1/blogs/storm/posts", reader_secret, {"headline": "x"}).status_code == 403
    rita = make_token(reporter, ["post", "edit"])
    assert _post(client, "/api/v1/blogs/storm/posts", rita, {"headline": "x", "pinned": True}).status_code == 403
    theirs = publish(blog, headline="Rafe's", by=other_reporter)
    assert _patch(client, f"/api/v1/blogs/storm/posts/{theirs.pk}", rita, {"headline": "Mine now"}).status_code == 403
    assert (
        client.delete(f"/api/v1/blogs/storm/posts/{theirs.pk}", headers={"Authorization": f"Bearer {rita}"}).status_code
        == 403
    )


@pytest.mark.parametrize("payload, field", [
    ({}, ""),
    ({"headline": "x" * 201}, "headline"),
    ({"headline": "x", "label": "scoop"}, "label"),
    ({"headline": "x", "kind": "poem"}, "kind"),
    ({"kind": "article", "article_url": "https://example.org/a"}, ""),
    ({"kind": "article", "article_url": "javascript:alert(1)", "article_headline": "A"}, "article_url"),
    ({"headline": "x", "surprise": 1}, "surprise"),
    ({"headline": "nul\x00here"}, "headline"),
    ({"headline": "x", "key_event": "maybe"}, "key_event"),
])
def test_it_validates_every_field(client, blog, editor, make_token, payload, field):
    response = _post(client, "/api/v1/blogs/storm/posts", make_token(editor), payload)
    assert response.status_code == 422, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["title"] == "Invalid input" and problem["detail"]
    if field:
        assert field in [e["field"] for e in problem["errors"]]
    assert not Post.objects.exists()


def test_it_edits_with_a_correction_and_refuses_stale_versions(client, blog, publish, editor, make_token):
    post = publish(blog, headline="Three hurt")
    secret = make_token(editor, ["edit"])
    url = f"/api/v1/blogs/storm/posts/{post.pk}"
    response = _patch(
        client,
        url,
        secret,
        {"headline": "Four hurt", "correction_note": "An earlier version said three.", "version": post.version},
    )
    assert response.status_code == 200, response.content
    assert response.json()["headline"] == "Four hurt"
    post.refresh_from_db()
    assert post.body == "<p>Something happened.</p>"  # untouched fields stay
    assert post.revisions.filter(correction_note="An earlier version said three.").exists()
    stale = _patch(client, url, secret, {"headline": "Five hurt", "version": 1})
    assert stale.status_code == 409
    assert "changed by" in stale.json()["detail"]


def test_it_refuses_an_edit_that_empties_the_post(client, blog, publish, editor, make_token):
    post = publish(blog, headline="Headline", body="")
    response = _patch(client, f"/api/v1/blogs/storm/posts/{post.pk}", make_token(editor), {"headline": ""})
    assert response.status_code == 422


def test_it_deletes_and_pins(client, blog, publish, editor, make_token):
    secret = make_token(editor, ["edit"])
    headers = {"Authorization": f"Bearer {secret}"}
    one, two = publish(blog, headline="One"), publish(blog, headline="Two")
    assert client.put(f"/api/v1/blogs/storm/posts/{one.pk}/pin", headers=headers).json()["pinned"] is True
    assert client.put(f"/api/v1/blogs/storm/posts/{two.pk}/pin", headers=headers).json()["pinned"] is True
    one.refresh_from_db()
    assert one.is_pinned is False
    assert client.delete(f"/api/v1/blogs/storm/posts/{two.pk}/pin", headers=headers).json()["pinned"] is False
    assert client.delete(f"/api/v1/blogs/storm/posts/{two.pk}", headers=headers).status_code == 204
    two.refresh_from_db()
    assert two.deleted_at is not None
    assert BlogEvent.objects.filter(kind="post.deleted", post_id_ref=two.pk).exists()
    assert client.delete(f"/api/v1/blogs/storm/posts/{two.pk}", headers=headers).status_code == 204


def test_it_refuses_posting_to_an_ended_blog(client, make_blog, editor, make_token):
    make_blog("done", status="ended")
    response = _post(client, "/api/v1/blogs/done/posts", make_token(editor), {"headline": "Late"})
    assert response.status_code == 403


def test_it_refuses_a_revoked_token(client, blog, editor, make_token):
    from distribution.actions import revoke_api_token
    from distribution.models import ApiToken

    secret = make_token(editor)
    revoke_api_token(token=ApiToken.objects.get(user=editor), by=editor)
    assert _post(client, "/api/v1/blogs/storm/posts", secret, {"headline": "x"}).status_code == 401


def test_it_limits_writes_per_token(client, blog, editor, make_token, monkeypatch):
    monkeypatch.setattr(api, "WRITE_LIMIT", 2)
    secret = make_token(editor)
    statuses = [_post(client, "/api/v1/blogs/storm/posts", secret, {"headline": f"n{i}"}).status_code for i in range(3)]
    assert statuses == [201, 201, 429]
    limited = _post(client, "/api/v1/blogs/storm/posts", secret, {"headline": "again"})
    assert limited["Retry-After"] and limited["Content-Type"] == "application/problem+json"
    other = make_token(editor)
    assert _post(client, "/api/v1/blogs/storm/posts", other, {"headline": "other token"}).status_code == 201


def test_it_publishes_once_per_idempotency_key(client, blog, editor, make_token):
    secret = make_token(editor, ["post"])
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "wire-4411"}

    def send():
        return client.post(
            "/api/v1/blogs/storm/posts", {"headline": "Once"}, content_type="application/json", headers=headers
        )

    first, again = send(), send()
    assert first.status_code == 201 and again.status_code == 200
    assert again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert Post.objects.filter(headline="Once").count() == 1
    other = client.post("/api/v1/blogs/storm/posts", {"headline": "Twice"}, content_type="application/json",
                        headers={**headers, "Idempotency-Key": "wire-4412"})
    assert other.status_code == 201


def test_it_refuses_a_reused_key_on_another_blog(client, blog, make_blog, editor, make_token):
    make_blog("vote")
    secret = make_token(editor, ["post"])
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "k1"}
    assert (
        client.post(
            "/api/v1/blogs/storm/posts", {"headline": "A"}, content_type="application/json", headers=headers
        ).status_code
        == 201
    )
    response = client.post(
        "/api/v1/blogs/vote/posts", {"headline": "B"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 409


def test_it_answers_gone_for_a_post_taken_down_and_never_returns_its_text(client, blog, publish, editor, make_token):
    from liveblogs import actions

    post = publish(blog, headline="Libellous claim", body="<p>The words a court ordered removed.</p>")
    actions.remove_post(post=post, by=editor, reason="Court order 2026/114")
    headers = {"Authorization": f"Bearer {make_token(editor, ['edit'])}"}
    edit = _patch(client, f"/api/v1/blogs/storm/posts/{post.pk}", make_token(editor), {"headline": "Back again"})
    delete = client.delete(f"/api/v1/blogs/storm/posts/{post.pk}", headers=headers)
    pin = client.put(f"/api/v1/blogs/storm/posts/{post.pk}/pin", headers=headers)
    for response in (edit, delete, pin):
        assert response.status_code == 410
        assert response["Content-Type"].startswith("application/problem+json")
        assert b"court ordered" not in response.content and b"Libellous" not in response.content
    post.refresh_from_db()
    assert post.headline == "Libellous claim" and post.state == "removed"


def test_a_retry_after_a_takedown_answers_gone_without_the_text(client, blog, editor, make_token):
    from liveblogs import actions

    secret = make_token(editor, ["post"])
    headers = {"Authorization": f"Bearer {secret}", "Idempotency-Key": "wire-5150"}
    payload = {"headline": "Libellous claim", "body": "<p>The words a court ordered removed.</p>"}

    def send():
        return client.post("/api/v1/blogs/storm/posts", payload, content_type="application/json", headers=headers)

    first = send()
    assert first.status_code == 201
    post = Post.objects.get(pk=first.json()["id"])
    actions.remove_post(post=post, by=editor, reason="Court order 2026/115")
    again = send()
    assert again.status_code == 410
    assert again["Content-Type"].startswith("application/problem+json")
    assert again.json()["status"] == 410 and again.json()["title"] == "Gone"
    assert "removed" in again.json()["detail"]
    assert b"court ordered" not in again.content and b"Libellous" not in again.content
    # The same as reading it: no removed post is served (404 there: not a visible post).
    read = client.get(f"/api/v1/blogs/storm/posts/{post.pk}", headers={"Authorization": f"Bearer {secret}"})
    assert read.status_code == 404 and b"Libellous" not in read.content
    # Still one post, kept for the record; the retry published nothing.
    assert Post.objects.filter(blog=blog).count() == 1
    post.refresh_from_db()
    assert post.state == "removed" and post.headline == "Libellous claim"


def test_a_retry_that_waited_for_a_post_taken_down_answers_gone_too(blog, editor, rf, publish):
    """The other way into a replay: a retry that waited on the blog's lock
    and found the first request's post (actions.AlreadyPublished)."""
    from ninja.errors import HttpError

    from liveblogs import actions

    post = publish(blog, headline="Libellous claim")
    actions.remove_post(post=post, by=editor, reason="Court order 2026/116")
    with pytest.raises(HttpError) as gone:
        api._replayed(rf.post("/"), Post.objects.get(pk=post.pk), blog)
    assert gone.value.status_code == 410 and "Libellous" not in str(gone.value)
