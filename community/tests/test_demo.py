from io import StringIO

import pytest

from community import demo
from community.models import Comment, Follow, Question

pytestmark = pytest.mark.django_db


def test_it_seeds_a_lively_thread_and_is_safe_to_run_twice(blog, settings):
    settings.COMMUNITY_PREMODERATE_FIRST = 1
    demo.load(StringIO())
    published = Comment.objects.filter(blog=blog, status="published")
    assert published.count() == len(demo.THREAD) + 1
    assert published.filter(parent__isnull=False).exists() and published.filter(is_featured=True).exists()
    assert Comment.objects.filter(status="pending").count() == 1
    assert Comment.objects.filter(reports__isnull=False).exists()
    assert Follow.objects.count() == 4
    waiting = Question.objects.waiting().filter(blog=blog)
    assert waiting.count() == 2 and waiting.filter(show_name=True).count() == 1
    demo.load(StringIO())
    assert Comment.objects.count() == len(demo.THREAD) + 2
    assert Question.objects.count() == 2


def test_it_puts_the_english_thread_on_the_war_blog_not_the_blog_written_last(editor):
    from liveblogs import actions as blog_actions
    from liveblogs.demo_content import WAR_BLOG

    def opened(headline, slug):
        return blog_actions.open_blog(blog=blog_actions.create_blog(by=editor, headline=headline, slug=slug), by=editor)

    war = opened("War", WAR_BLOG["slug"])
    later = opened("Повінь", "povin")
    blog_actions.publish_post(blog=later, by=editor, content=blog_actions.PostContent(headline="Останнє"))
    demo.load(StringIO())
    assert Comment.objects.filter(blog=war).exists() and Question.objects.filter(blog=war).count() == 2
    assert not Comment.objects.filter(blog=later).exists() and not Question.objects.filter(blog=later).exists()
