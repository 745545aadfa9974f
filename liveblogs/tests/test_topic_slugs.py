"""Topics named in any script get their own address (docs/i18n.md): before,
every non-Latin name became the slug "topic", so they all merged into one."""

import pytest

from liveblogs import actions
from liveblogs.models import Topic

pytestmark = pytest.mark.django_db


def test_it_keeps_cyrillic_and_arabic_topics_apart(editor):
    actions.create_blog(by=editor, headline="Повінь", slug="povin", topics=["Погода", "Україна", "أخبار محلية"])
    assert set(Topic.objects.values_list("slug", flat=True)) == {"погода", "україна", "أخبار-محلية"}


def test_it_serves_a_topic_page_at_its_address_in_its_own_script(client, editor):
    blog = actions.create_blog(by=editor, headline="Повінь", slug="povin", topics=["Погода"])
    actions.open_blog(blog=blog, by=editor)
    r = client.get("/topics/погода/")
    assert r.status_code == 200
    assert "Повінь" in r.content.decode()
