from django.utils import timezone

from operations.management.commands.run_worker import beat


def test_it_shows_editors_that_live_delivery_and_scheduled_posts_work(client, editor):
    beat("worker-a", timezone.now())
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert "Live delivery:</strong> working" in html
    assert "Scheduled posts:</strong> going out on time" in html


def test_it_tells_editors_when_no_worker_runs(client, editor):
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert "no background worker is running" in html
