import pytest

from community.models import Comment

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(blog, rosa, sam, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    return [comment_on(rosa, "fishy one"), comment_on(sam, "fishy two")]


def test_it_approves_the_selected_comments(client, held, moderator):
    client.force_login(moderator)
    client.post("/community/moderate/bulk", {"action": "approve", "ids": [c.pk for c in held]})
    assert set(Comment.objects.values_list("status", flat=True)) == {"published"}


def test_it_rejects_the_selected_comments_with_one_reason(client, held, moderator):
    client.force_login(moderator)
    client.post("/community/moderate/bulk", {"action": "reject", "ids": [held[0].pk], "reason": "Off topic"})
    assert Comment.objects.get(pk=held[0].pk).rejection_reason == "Off topic"
    assert Comment.objects.get(pk=held[1].pk).status == "pending"


def test_it_refuses_readers(client, held, sam):
    client.force_login(sam)
    assert client.post("/community/moderate/bulk", {"action": "approve", "ids": [held[0].pk]}).status_code == 403
    assert Comment.objects.get(pk=held[0].pk).status == "pending"
