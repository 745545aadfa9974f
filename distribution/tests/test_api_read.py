"""Public reads of /api/v1/: blogs, a blog with its posts, a post, topics."""

import pytest

from liveblogs import actions

pytestmark = pytest.mark.django_db


def test_it_lists_public_blogs_newest_first_with_filters(client, make_blog):
    make_blog("storm", headline="Storm", topics=["Weather"])
    make_blog("vote", headline="Vote", topics=["Politics"], status="ended")
    make_blog("secret", status="draft")
    body = client.get("/api/v1/blogs").json()
    assert [b["slug"] for b in body["items"]] == ["vote", "storm"]
    assert body["next_cursor"] is None
    assert [b["slug"] for b in client.get("/api/v1/blogs?status=live").json()["items"]] == ["storm"]
    assert [b["slug"] for b in client.get("/api/v1/blogs?topic=politics").json()["items"]] == ["vote"]
    storm = client.get("/api/v1/blogs?status=live").json()["items"][0]
    assert storm["url"] == "https://news.example.org/live/storm/"
    assert storm["topics"] == [{"slug": "weather", "name": "Weather", "url": "https://news.example.org/topics/weather/"}]


def test_it_pages_blogs_by_cursor(client, make_blog):
    for i in range(5):
        make_blog(f"b{i}")
    first = client.get("/api/v1/blogs?limit=2").json()
    second = client.get(f"/api/v1/blogs?limit=2&cursor={first['next_cursor']}").json()
    third = client.get(f"/api/v1/blogs?limit=2&cursor={second['next_cursor']}").json()
    slugs = [b["slug"] for page in (first, second, third) for b in page["items"]]
    assert slugs == ["b4", "b3", "b2", "b1", "b0"]
    assert third["next_cursor"] is None


def test_it_shows_a_blog_with_its_posts_and_pages_older_ones(client, blog, publish):
    pinned = publish(blog, headline="Read this first", is_pinned=True)
    posts = [publish(blog, headline=f"Update {i}") for i in range(3)]
    body = client.get("/api/v1/blogs/storm?limit=2").json()
    assert body["blog"]["headline"] == "Storm hits the coast"
    assert body["pinned"]["id"] == pinned.pk
    assert [p["headline"] for p in body["posts"]] == ["Update 2", "Update 1"]
    older = client.get(f"/api/v1/blogs/storm/posts?limit=2&cursor={body['next_cursor']}").json()
    assert [p["id"] for p in older["items"]] == [posts[0].pk, pinned.pk]
    assert older["next_cursor"] is None
    post = body["posts"][0]
    assert post["body_html"] == "<p>Something happened.</p>"
    assert post["authors"] == ["Eddie Editor"]
    assert post["url"] == f"https://news.example.org/live/storm/?around={posts[2].pk}#post-{posts[2].pk}"


def test_it_shows_one_post_and_hides_deleted_ones(client, blog, publish, editor):
    post = publish(blog, headline="Gone soon")
    assert client.get(f"/api/v1/blogs/storm/posts/{post.pk}").json()["headline"] == "Gone soon"
    actions.delete_post(post=post, by=editor)
    response = client.get(f"/api/v1/blogs/storm/posts/{post.pk}")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404


def test_it_hides_draft_blogs_without_a_read_token(client, make_blog, make_token, bearer, editor, reader):
    make_blog("secret", headline="Secret", status="draft")
    assert client.get("/api/v1/blogs/secret").status_code == 404
    assert client.get("/api/v1/blogs/secret", headers=bearer(make_token(editor, ["read"]))).status_code == 200
    assert client.get("/api/v1/blogs/secret", headers=bearer(make_token(editor, ["post"]))).status_code == 404


def test_it_shows_a_reporter_only_the_drafts_of_their_teams(client, make_blog, make_token, bearer, editor, reporter):
    from liveblogs.models import BlogAssignment

    theirs = make_blog("theirs", status="draft")
    make_blog("other", status="draft")
    BlogAssignment.objects.create(blog=theirs, user=reporter, assigned_by=editor)
    secret = make_token(reporter, ["read"])
    assert client.get("/api/v1/blogs/theirs", headers=bearer(secret)).status_code == 200
    assert client.get("/api/v1/blogs/other", headers=bearer(secret)).status_code == 404
    slugs = [b["slug"] for b in client.get("/api/v1/blogs?status=draft", headers=bearer(secret)).json()["items"]]
    assert slugs == ["theirs"]


def test_it_refuses_a_bad_token_even_on_reads(client, blog):
    response = client.get("/api/v1/blogs", headers={"Authorization": "Bearer nl_nope"})
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_it_lists_topics_with_public_coverage(client, make_blog):
    make_blog("storm", topics=["Weather"])
    make_blog("secret", topics=["Mergers"], status="draft")
    assert [t["slug"] for t in client.get("/api/v1/topics").json()] == ["weather"]


def test_it_answers_if_none_match_with_304(client, blog, publish):
    first = client.get("/api/v1/blogs/storm")
    etag = first["ETag"]
    assert etag and first["Cache-Control"].startswith("public")
    again = client.get("/api/v1/blogs/storm", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again["ETag"] == etag
    publish(blog, headline="New")
    assert client.get("/api/v1/blogs/storm", headers={"If-None-Match": etag}).status_code == 200


@pytest.mark.parametrize("url", [
    "/api/v1/blogs?limit=0", "/api/v1/blogs?limit=101", "/api/v1/blogs?status=open", "/api/v1/blogs?cursor=x",
    "/api/v1/blogs/storm/posts?cursor=nonsense", "/api/v1/blogs/storm/posts?cursor=1.99999999999999999999999",
    "/api/v1/blogs/storm/posts/99999999999999999999999", "/api/v1/blogs/st%00orm",
])
def test_it_rejects_bad_parameters_with_a_problem(client, blog, url):
    response = client.get(url)
    assert response.status_code in (400, 404, 422)
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"]


def test_it_is_public_and_sets_no_cookie(client, blog, reader):
    client.force_login(reader)
    response = client.get("/api/v1/blogs")
    assert not response.cookies


def test_it_gives_the_blogs_picture_and_summary(client, blog, editor, settings, tmp_path):
    from liveblogs.tests.images import picture_bytes, upload

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_URL = "/media/"
    assert client.get("/api/v1/blogs/storm").json()["blog"]["image"] is None
    image = actions.upload_image(
        blog=blog,
        by=editor,
        upload=upload(picture_bytes((2400, 1600))),
        alt_text="Waves over the harbour wall",
        caption="Harbour at dawn",
        credit="Rita Reporter",
    )
    actions.update_blog(blog=blog, by=editor, headline=blog.headline, standfirst=blog.standfirst, topics=[],
                        image_id=image.pk, summary="<ul><li>Ferries <strong>cancelled</strong></li></ul>")
    shown = client.get("/api/v1/blogs/storm").json()["blog"]
    assert shown["summary_html"] == "<ul><li>Ferries <strong>cancelled</strong></li></ul>"
    assert shown["image"]["alt"] == "Waves over the harbour wall" and shown["image"]["credit"] == "Rita Reporter"
    assert shown["image"]["url"].startswith("https://news.example.org/media/") and shown["image"]["width"] >= 1200
    [listed] = client.get("/api/v1/blogs").json()["items"]
    assert listed["image"] == shown["image"]
