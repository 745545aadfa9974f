"""Background jobs (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from liveblogs.consumers import BLOG_LOG


@task()
def consume_blog_log(consumer_name: str, blog_id: int) -> int:
    """Read one blog's log from the consumer's saved position to the head."""
    return BLOG_LOG.consume_all(BLOG_LOG.get(consumer_name), blog_id)


@task()
def catch_up_logs(consumer_name: str | None = None) -> int:
    """Every consumer (or the one named), every blog it has not read to the head."""
    consumers = [BLOG_LOG.get(consumer_name)] if consumer_name else BLOG_LOG.registered()
    return sum(BLOG_LOG.catch_up(c) for c in consumers)


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one webhook delivery; a failure enqueues the next."""
    from distribution import webhooks

    return webhooks.deliver(delivery_id)
