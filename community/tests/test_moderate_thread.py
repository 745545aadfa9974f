import pytest

from community.models import Thread

pytestmark = pytest.mark.django_db


def test_it_closes_and_premoderates_a_thread_from_the_queue_page(client, blog, moderator):
    client.force_login(moderator)
    assert blog.headline in client.get("/community/moderate/").content.decode()
    client.post(f"/community/moderate/blogs/{blog.slug}/", {"closed": "1", "premoderate": "1"})
    thread = Thread.objects.get(blog=blog)
    assert thread.closed and thread.premoderate
    assert client.get(f"/live/{blog.slug}/comments/mine").json()["open"] is False


def test_it_refuses_readers(client, blog, rosa):
    client.force_login(rosa)
    assert client.post(f"/community/moderate/blogs/{blog.slug}/", {"closed": "1"}).status_code == 403
    assert not Thread.objects.filter(blog=blog, closed=True).exists()
