"""Background jobs (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from distribution import consumers


@task()
def consume_blog_log(consumer_name: str, blog_id: int) -> int:
    """Read one blog's log from the consumer's saved position to the head."""
    return consumers.consume_all(consumers.get(consumer_name), blog_id)


@task()
def catch_up_logs() -> int:
    """Every consumer, every blog it has not read to the head."""
    return sum(consumers.catch_up(c) for c in consumers.registered())


@task()
def deliver_webhook(delivery_id: int) -> str:
    """One attempt at one webhook delivery; a failure enqueues the next."""
    from distribution import webhooks

    return webhooks.deliver(delivery_id)
