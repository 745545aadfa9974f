"""What runs after each committed change to a blog (the realtime signal).

Only a wake-up: every consumer of the blogs' log (search indexing, webhooks,
push and key-event alerts) is handed to the job worker as a
`consume_blog_log` job, so nothing but the signal runs in the desk's request.
The worker reads on from the consumer's saved position; a post is searchable
about one worker poll after it is published (JOB_WORKER_POLL_MS, 250 ms;
docs/distribution.md). A failure here never fails the write (realtime.signal
logs it), and nothing is lost: the next event, the `catch_up_logs` job the
worker queues for a missed wake-up (distribution.schedule), or
`manage.py consume_logs` reads on from the saved position."""

import logging

from liveblogs.models import LiveBlog
from liveblogs.stream import SOURCE

log = logging.getLogger(__name__)


def after_blog_event(source: str, key: str, seq: int) -> None:
    if source != SOURCE:
        return
    from distribution import tasks
    from liveblogs.consumers import BLOG_LOG

    blog_id = LiveBlog.objects.filter(slug=key).values_list("pk", flat=True).first()
    if blog_id is None:
        return
    for consumer in BLOG_LOG.registered():
        if getattr(consumer, "idle", None) and consumer.idle():
            continue
        tasks.consume_blog_log.enqueue(consumer.name, blog_id)
