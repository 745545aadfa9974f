from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import override_settings

from liveblogs import demo_content
from liveblogs.events import Kind
from liveblogs.models import BlogEvent, LiveBlog, Post

pytestmark = pytest.mark.django_db

WAR = demo_content.WAR_BLOG["slug"]
ELECTION = demo_content.ELECTION_BLOG["slug"]


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def load() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture(scope="class")
def loaded_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo loaded once for a class of tests that only look at it (loading
    takes seconds): in a transaction rolled back after the class, with each
    test in a savepoint inside it, as Django's TestCase.setUpTestData does."""
    outer = transaction.atomic()
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("demo-media")):
        with django_db_blocker.unblock():
            outer.__enter__()
            load()
        yield
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def test_it_is_idempotent():
    first = load()
    assert "Demo newsroom loaded." in first
    counts = {b.slug: b.posts.count() for b in LiveBlog.objects.all()}
    heads = dict(LiveBlog.objects.values_list("slug", "head_seq"))

    again = load()

    assert "Demo newsroom already loaded." in again
    assert {b.slug: b.posts.count() for b in LiveBlog.objects.all()} == counts
    assert dict(LiveBlog.objects.values_list("slug", "head_seq")) == heads


def test_it_restores_the_demo_password(django_user_model):
    load()
    editor = django_user_model.objects.get(username="editor")
    editor.set_password("changed")
    editor.save()
    load()
    assert authenticate(username="editor", password="newsline") is not None


def test_it_prints_no_password():
    assert "newsline" not in load().replace("newsline.", "")


def test_it_refuses_outside_the_demo(settings, monkeypatch):
    settings.DEBUG = False
    settings.TESTING = False
    monkeypatch.delenv("NEWSLINE_DEMO", raising=False)
    with pytest.raises(CommandError, match="No default account exists outside the demo"):
        load()
    assert not LiveBlog.objects.exists()


def test_it_runs_with_the_demo_switch(settings, monkeypatch):
    settings.DEBUG = False
    settings.TESTING = False
    monkeypatch.setenv("NEWSLINE_DEMO", "1")
    load()
    assert LiveBlog.objects.filter(slug=WAR).exists()


@pytest.mark.usefixtures("loaded_demo")
class TestTheLoadedDemo:
    """What `make demo` gives, loaded once for the class."""

    def test_it_creates_the_live_blog_with_its_posts(self):
        blog = LiveBlog.objects.get(slug=WAR)
        posts = blog.posts.visible()
        assert blog.is_live
        assert 18 <= posts.count() <= 22
        assert posts.filter(is_pinned=True).count() == 1
        assert posts.filter(is_key_event=True).count() >= 3
        labels = set(posts.values_list("label", flat=True))
        assert {"icymi", "in_full", "breaking", "analysis", "explainer"} <= labels
        card = posts.get(kind=Post.Kind.ARTICLE)
        assert card.article_author and card.article_headline and card.article_standfirst
        assert card.article_url.startswith("https://example.org/opinion/")

    def test_it_gives_the_welcome_post_a_picture_with_alt_text_and_renditions(self):
        post = Post.objects.get(blog__slug=WAR, headline="Welcome to today’s coverage")
        assert post.image.alt_text.startswith("Demo picture:")
        assert [r["width"] for r in post.image.renditions] == [480, 960, 1600]
        assert post.image.credit_line == "A placeholder drawn for the demo — Newsline demo"

    def test_it_publishes_every_post_through_the_log_oldest_first(self):
        blog = LiveBlog.objects.get(slug=WAR)
        times = list(blog.posts.visible().order_by("id").values_list("published_at", flat=True))
        assert times == sorted(times) and len(set(times)) == len(times)
        assert blog.opened_at < times[0]
        assert (times[-1] - times[0]).total_seconds() > 20 * 3600
        published = BlogEvent.objects.filter(blog=blog, kind=Kind.POST_PUBLISHED)
        assert set(published.values_list("post_id_ref", flat=True)) == set(
            blog.posts.visible().values_list("id", flat=True)
        )

    def test_it_gives_posts_bylines_from_several_staff(self):
        blog = LiveBlog.objects.get(slug=WAR)
        usernames = set(blog.posts.visible().values_list("authors__username", flat=True))
        assert usernames == {"editor", "reporter", "reporter2"}

    def test_it_keeps_attributed_quotes_through_the_sanitiser(self):
        in_full = Post.objects.get(blog__slug=WAR, label="in_full")
        assert in_full.body.count("<blockquote>") >= 1
        assert "<p>— Halyna Moroz" in in_full.body

    def test_it_loads_an_ended_blog_from_days_ago(self):
        blog = LiveBlog.objects.get(slug=ELECTION)
        assert blog.is_ended
        assert blog.opened_at < blog.closed_at
        last = blog.posts.visible().newest_first().first()
        assert last.published_at < blog.closed_at
        assert (LiveBlog.objects.get(slug=WAR).opened_at - blog.closed_at).days >= 2
        assert blog.posts.visible().count() >= 5

    def test_it_creates_staff_who_can_sign_in(self, django_user_model):
        editor = authenticate(username="editor", password="newsline")
        assert editor is not None and editor.role == "editor" and editor.display_name
        for username in ("reporter", "reporter2"):
            user = authenticate(username=username, password="newsline")
            assert user is not None and user.role == "reporter" and user.bio

    def test_it_shows_the_pinned_post_first_on_the_reader_page(self, client):
        pinned = Post.objects.get(blog__slug=WAR, is_pinned=True)
        # What readers see: the demo also holds drafts and a scheduled post (no published time).
        newest = Post.objects.visible().filter(blog__slug=WAR, is_pinned=False).newest_first().first()
        r = client.get(f"/live/{WAR}/")
        assert r.status_code == 200
        html = r.content.decode()
        assert html.index(f'id="post-{pinned.pk}"') < html.index(f'id="post-{newest.pk}"')
        assert 'class="quote-attribution"' in html
        assert "writes:" in html

    def test_it_loads_a_blog_written_in_ukrainian_and_shows_it_in_ukrainian(self, client):
        blog = LiveBlog.objects.get(slug="povin-zakarpattia")
        assert blog.language == "uk" and blog.is_live
        assert blog.posts.visible().filter(is_key_event=True).count() == 2
        html = client.get(f"/live/{blog.slug}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert '<html lang="uk" dir="ltr"' in html
        assert "Головні події" in html  # "Key events", in the blog's language

    def test_only_the_ended_blog_carries_a_sponsor_card(self, client):
        ended = client.get(f"/live/{ELECTION}/").content.decode()
        assert ended.count('id="slot-') == 1 and 'id="slot-3"' in ended
        assert "Meridian Civic Trust" in ended
        for slug in (WAR, "povin-zakarpattia"):
            assert 'class="ad-slot' not in client.get(f"/live/{slug}/").content.decode()

    def test_it_shows_the_ended_blog_on_the_front_page(self, client):
        r = client.get("/")
        assert r.status_code == 200
        assert f"/live/{ELECTION}/" in r.content.decode()

    def test_it_puts_the_demo_reporters_and_contributor_on_every_blog_once(self):
        from django.core.management import call_command

        from liveblogs.models import BlogAssignment

        call_command("load_demo", stdout=StringIO())  # again, on top of the class's load
        for blog in LiveBlog.objects.all():
            team = sorted(BlogAssignment.objects.filter(blog=blog).values_list("user__username", flat=True))
            assert team == ["contributor", "reporter", "reporter2"]

    def test_it_leaves_work_in_progress_on_the_war_desk_but_not_on_its_page(self, client):
        call_command("load_demo", stdout=StringIO())  # again, on top of the class's load
        states = sorted(Post.objects.filter(blog__slug=WAR).unpublished().values_list("state", flat=True))
        assert states == ["draft", "scheduled", "submitted"]
        html = client.get(f"/live/{WAR}/").content.decode()
        assert "Queues at Odesa" not in html and "Summary: the day so far" not in html

    def test_the_live_blog_has_a_picture_and_key_points(self, client):
        blog = LiveBlog.objects.get(slug=WAR)
        assert blog.image is not None and blog.image.alt_text
        assert "<li>" in blog.summary
        page = client.get(f"/live/{WAR}/").content.decode()
        assert "Key points so far" in page
        assert 'property="og:image"' in page


@pytest.mark.usefixtures("loaded_demo")
class TestTheDemoReadersReport:
    """A newcomer's first readers report has a chart: the demo writes samples,
    page views, polling minutes, opens and shares over each blog's coverage."""

    def test_every_blog_has_a_sample_a_minute_over_its_coverage(self):
        from django.utils import timezone

        from liveblogs.models import ReaderSample

        for blog in LiveBlog.objects.all():
            samples = list(ReaderSample.objects.filter(blog=blog).order_by("taken_at"))
            assert samples and blog.opened_at < samples[0].taken_at <= blog.opened_at + timedelta(minutes=1)
            assert samples[-1].taken_at < (blog.closed_at or timezone.now())
            assert all(b.taken_at - a.taken_at == timedelta(minutes=1) for a, b in zip(samples, samples[1:]))
            assert max(s.readers for s in samples) > 2 * min(s.readers for s in samples)  # a shape, not a line

    def test_the_hours_add_up_to_the_posts_opens_and_shares(self):
        from django.db.models import Sum

        from liveblogs.models import PostTraffic, TrafficHour

        war = LiveBlog.objects.get(slug=WAR)
        hours = TrafficHour.objects.filter(blog=war).aggregate(o=Sum("permalink_opens"), s=Sum("shares"),
                                                               v=Sum("page_views"), p=Sum("polling_minutes"))
        posts = PostTraffic.objects.filter(blog=war).aggregate(o=Sum("permalink_opens"), s=Sum("shares"))
        assert (hours["o"], hours["s"]) == (posts["o"], posts["s"]) and hours["o"] > 0
        assert hours["v"] > hours["o"] and hours["p"] > 0
        # Key events are the most opened.
        top = PostTraffic.objects.filter(blog=war).order_by("-permalink_opens").select_related("post").first()
        assert top.post.is_key_event

    def test_loading_again_adds_nothing(self):
        from liveblogs.models import ReaderSample

        before = ReaderSample.objects.count()
        load()
        assert ReaderSample.objects.count() == before

    def test_the_same_coverage_gives_the_same_figures(self):
        from liveblogs import demo_analytics
        from liveblogs.models import PostTraffic, ReaderSample

        war = LiveBlog.objects.get(slug=WAR)
        first = list(ReaderSample.objects.filter(blog=war).values_list("taken_at", "readers"))
        opens_of = PostTraffic.objects.filter(blog=war).order_by("pk")
        opens = list(opens_of.values_list("permalink_opens", flat=True))
        ReaderSample.objects.filter(blog=war).delete()
        PostTraffic.objects.filter(blog=war).delete()
        war.traffic_hours.all().delete()
        demo_analytics.load(war, first[-1][0] + timedelta(minutes=1, seconds=30))
        assert list(ReaderSample.objects.filter(blog=war).values_list("taken_at", "readers")) == first
        assert list(opens_of.values_list("permalink_opens", flat=True)) == opens
