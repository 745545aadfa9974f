"""Bylines keep the order the writer set, everywhere readers meet them: the
post card, the API, the feeds and the structured data."""

import json

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from lxml import html as lxml_html

from liveblogs.models import AuditEntry, BlogEvent, Post

pytestmark = pytest.mark.django_db

URL = "/desk/blogs/storm/"


def _compose(**fields):
    return {"kind": "update", "headline": "Joint report", "body": "<p>Filed together.</p>", "label": "", **fields}


@pytest.fixture
def people(reporter, editor, other_reporter):
    # Neither alphabetical nor the order the accounts were made.
    return [reporter, editor, other_reporter]


def test_the_compose_form_keeps_the_order_chosen(client, blog, people, reporter):
    client.force_login(reporter)
    page = client.get(URL).content.decode()
    assert 'aria-label="Byline 1"' in page and 'name="authors_0"' in page
    slots = {f"authors_{i}": p.pk for i, p in enumerate(people)}
    assert client.post(URL, _compose(intent="publish", **slots)).status_code == 302
    post = Post.objects.get(headline="Joint report")
    assert post.bylines == ["Rita Reporter", "Eddie Editor", "Rafe Reporter"]
    # The edit form shows them in that order again.
    edit = lxml_html.fromstring(client.get(f"/desk/blogs/storm/posts/{post.pk}/edit/").content)
    chosen = [edit.xpath(f'//select[@name="authors_{i}"]/option[@selected]/@value') for i in range(4)]
    assert chosen == [[str(people[0].pk)], [str(people[1].pk)], [str(people[2].pk)], [""]]


def test_the_card_and_about_the_authors_follow_the_order(client, blog, publish, people):
    post = publish(blog, headline="Joint report", authors=people)
    page = lxml_html.fromstring(client.get("/live/storm/").content)
    (card,) = page.xpath(f'//*[@id="post-{post.pk}"]')
    text = " ".join(card.text_content().split())
    assert "Rita Reporter, Eddie Editor and Rafe Reporter" in text
    assert [s.text for s in card.xpath('.//details[@class="post__authors"]//li/strong')] == [
        "Rita Reporter", "Eddie Editor", "Rafe Reporter"
    ]


def test_reordering_is_an_edit_readers_see_and_the_log_records(client, blog, publish, people, editor):
    post = publish(blog, headline="Joint report", authors=people)
    head = blog.posts.model.objects.get(pk=post.pk).blog.head_seq
    client.force_login(editor)
    swapped = [people[2], people[0], people[1]]
    data = _compose(
        version=Post.objects.get(pk=post.pk).version, **{f"authors_{i}": p.pk for i, p in enumerate(swapped)}
    )
    assert client.post(f"/desk/blogs/storm/posts/{post.pk}/edit/", data).status_code == 302
    assert Post.objects.get(pk=post.pk).bylines == ["Rafe Reporter", "Rita Reporter", "Eddie Editor"]
    entry = AuditEntry.objects.filter(post=post).latest("id")
    assert entry.changes["authors"] == [
        ["Rita Reporter", "Eddie Editor", "Rafe Reporter"], ["Rafe Reporter", "Rita Reporter", "Eddie Editor"]
    ]
    event = BlogEvent.objects.filter(blog=blog).latest("seq")
    assert event.seq == head + 1
    assert "Rafe Reporter, Rita Reporter and Eddie Editor" in " ".join(
        json.loads(event.payload)["post"]["html"].split()
    )


def test_the_api_feeds_and_structured_data_follow_the_order(client, blog, publish, people):
    post = publish(blog, headline="Joint report", authors=people)
    names = ["Rita Reporter", "Eddie Editor", "Rafe Reporter"]
    api = client.get(f"/api/v1/blogs/storm/posts/{post.pk}").json()
    assert api["authors"] == names
    atom = lxml_html.fromstring(client.get("/live/storm/feed/atom/").content)
    assert [n.text for n in atom.xpath("//entry[1]/author/name")] == [", ".join(names)]
    page = lxml_html.fromstring(client.get("/live/storm/").content)
    data = [json.loads(s) for s in page.xpath('//script[@type="application/ld+json"]/text()')]
    (posting,) = [d for d in data if d.get("@type") == "LiveBlogPosting"]
    assert [a["name"] for a in posting["liveBlogUpdate"][0]["author"]] == names


def test_a_repeated_person_is_bylined_once(blog, publish, reporter, editor):
    post = publish(blog, headline="Twice", authors=[reporter, editor, reporter])
    assert Post.objects.get(pk=post.pk).bylines == ["Rita Reporter", "Eddie Editor"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_keeps_existing_bylines_in_the_order_they_were_added(editor, reporter, other_reporter):
    executor = MigrationExecutor(connection)
    before, after = [("liveblogs", "0014_blog_slug_history")], [("liveblogs", "0015_ordered_bylines")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldBlog, OldPost = old_apps.get_model("liveblogs", "LiveBlog"), old_apps.get_model("liveblogs", "Post")
    Through = OldPost.authors.through
    blog = OldBlog.objects.create(slug="old-bylines", headline="Old")
    one = OldPost.objects.create(blog=blog, headline="One")
    two = OldPost.objects.create(blog=blog, headline="Two")
    for post, users in ((one, [other_reporter, editor]), (two, [reporter])):
        for user in users:
            Through.objects.create(post_id=post.pk, user_id=user.pk)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    from liveblogs.models import PostByline

    rows = list(PostByline.objects.filter(post_id__in=[one.pk, two.pk]).values_list("post_id", "user_id", "position"))
    assert sorted(rows) == sorted([
        (one.pk, other_reporter.pk, 0), (one.pk, editor.pk, 1), (two.pk, reporter.pk, 0),
    ])
    # And the latest state for the tests after this one.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
