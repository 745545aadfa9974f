"""What runs after each committed change to a blog (the realtime signal).

The search index is brought up to the blog's head inline, so a reader who
searches right after a post finds it; anything slower (webhooks) goes to the
background queue. A failure here never fails the write (realtime.signal logs
it), and nothing is lost: the next event, the `catch_up_logs` job or
`manage.py consume_logs` reads on from the saved position."""

import logging

from liveblogs.models import LiveBlog
from liveblogs.stream import SOURCE

log = logging.getLogger(__name__)

# Consumers run inline; others are enqueued (set in distribution.apps).
INLINE = {"search"}


def after_blog_event(source: str, key: str, seq: int) -> None:
    if source != SOURCE:
        return
    from distribution import tasks
    from liveblogs.consumers import BLOG_LOG

    blog_id = LiveBlog.objects.filter(slug=key).values_list("pk", flat=True).first()
    if blog_id is None:
        return
    for consumer in BLOG_LOG.registered():
        if consumer.name in INLINE:
            BLOG_LOG.consume_all(consumer, blog_id)
        elif getattr(consumer, "idle", None) and consumer.idle():
            continue
        else:
            tasks.consume_blog_log.enqueue(consumer.name, blog_id)
