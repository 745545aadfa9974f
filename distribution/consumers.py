"""Reading a blog's event log from a saved position (DESIGN.md, point 7).

A consumer (search indexing, webhooks) names itself and says what to do with
a batch of events. `consume()` locks the consumer's position for the blog,
reads the events after it, hands them over and saves the new position, all in
one transaction: the work and the position commit together, so a crash or a
restart neither loses an event nor does one twice.

Consumers run inline after each write's commit (the realtime signal, see
distribution/apps.py), and `catch_up()` (the `catch_up_logs` job and the
`consume_logs` command) sweeps every blog whose head is past a consumer's
position, for anything a stopped process missed."""

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from distribution.models import LogConsumer
from liveblogs.models import BlogEvent, LiveBlog

BATCH = 500


class Consumer(Protocol):
    name: str

    def start(self, blog: LiveBlog, previous: int | None) -> int:
        """No saved position (`previous` is None), or the log's epoch moved
        on (a legal takedown rewrote it, or it was restored; `previous` is
        the seq read up to before): do what is needed and return the seq to
        read after."""

    def handle(self, blog: LiveBlog, events: list[BlogEvent]) -> None:
        """Act on events in seq order, inside the consumer's transaction."""


_consumers: dict[str, Consumer] = {}


def register(consumer: Consumer) -> None:
    _consumers[consumer.name] = consumer


def registered() -> Iterable[Consumer]:
    return list(_consumers.values())


def get(name: str) -> Consumer:
    return _consumers[name]


@dataclass
class Progress:
    read: int
    position: int
    more: bool


def consume(consumer: Consumer, blog_id: int, *, batch: int = BATCH) -> Progress:
    """Read up to `batch` events after the consumer's position and act on them."""
    with transaction.atomic():
        blog = LiveBlog.objects.filter(pk=blog_id).first()
        if blog is None:
            return Progress(0, 0, False)
        position, created = LogConsumer.objects.select_for_update().get_or_create(
            name=consumer.name, blog=blog, defaults={"epoch": blog.epoch}
        )
        if created or position.epoch != blog.epoch:
            previous = None if created else position.last_seq
            position.epoch = blog.epoch
            position.last_seq = consumer.start(blog, previous)
        events = list(BlogEvent.objects.filter(blog=blog, seq__gt=position.last_seq).order_by("seq")[:batch])
        if events:
            consumer.handle(blog, events)
            position.last_seq = events[-1].seq
        position.updated_at = timezone.now()
        position.save(update_fields=["epoch", "last_seq", "updated_at"])
        return Progress(len(events), position.last_seq, position.last_seq < blog.head_seq)


def consume_all(consumer: Consumer, blog_id: int) -> int:
    """Read to the blog's head, batch by batch; returns how many events."""
    total = 0
    while True:
        progress = consume(consumer, blog_id)
        total += progress.read
        if not progress.more or progress.read == 0:
            return total


def behind(consumer: Consumer):
    """Blogs whose log this consumer has not read to the head."""
    current = LogConsumer.objects.filter(
        name=consumer.name, blog=OuterRef("pk"), epoch=OuterRef("epoch"), last_seq__gte=OuterRef("head_seq")
    )
    return LiveBlog.objects.exclude(Exists(current)).order_by("pk")


def catch_up(consumer: Consumer) -> int:
    total = 0
    for blog_id in behind(consumer).values_list("pk", flat=True).iterator():
        total += consume_all(consumer, blog_id)
    return total
