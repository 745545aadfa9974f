"""The event log, one way for every stream (DESIGN.md, points 1, 2 and 7).

A stream's log is a head row (`LogHead`: the last sequence number and the
epoch) and its events (`LogEvent`: seq, kind, the payload readers receive).
Every app that keeps such a log (liveblogs' posts, community's comments)
appends through `appending()`: in one transaction it locks the head row, lets
the action change its rows and add events, writes them with the next
sequence numbers and the new head, and, only after commit, says "stream
(source, key) is at seq" (`realtime.signal`, a wake-up and nothing more).
Commit order is sequence order because the head row stays locked until then.

An app subclasses `Appender` to say which event model and stream it writes,
and what else changes with the head (a blog's last activity, a thread's
comment count).

Everything downstream (search indexing, webhooks, key-event alerts) reads a
log from its own saved position through a `Log` and its consumers, never
from the wake-up signal: a restart resumes where it stopped. Like the rest of
realtime, this module imports no app."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import ClassVar, Protocol

from django.db import models, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from realtime.registry import signal


class LogHead(models.Model):
    """The head of one stream's log. Written only inside `appending()`."""

    head_seq = models.PositiveBigIntegerField(default=0)
    # Moved on when the log is rewritten (a legal takedown) or restored, so
    # readers holding an older position start again instead of resuming.
    epoch = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True


class LogEvent(models.Model):
    """One change readers of a stream see. `payload` is the JSON they get,
    encoded once when the event is written. A concrete event model adds its
    stream's foreign key and a unique constraint on (that key, seq)."""

    seq = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=32)
    payload = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Appender:
    """What an action sees inside `appending()`: the locked head, and events
    waiting to be written. Subclasses set `event_model` and `source`, name the
    stream's key, and may do more just before the events are written."""

    event_model: ClassVar[type[LogEvent]]
    source: ClassVar[str]

    def __init__(self, head: LogHead):
        self.head = head
        self.pending: list[LogEvent] = []

    def next_seq(self) -> int:
        return self.head.head_seq + len(self.pending) + 1

    def add(self, event: LogEvent) -> LogEvent:
        """Queue an event built with `seq=self.next_seq()`."""
        self.pending.append(event)
        return event

    def stream_key(self) -> str:
        raise NotImplementedError

    def before_write(self) -> list[str]:
        """Called once the action is done, before the events are written,
        whether or not there are any: write what rides along (audit entries)
        and set other fields of the head; return their names to save."""
        return []


@contextmanager
def appending(appender_class: type[Appender], heads: models.QuerySet) -> Iterator[Appender]:
    """Lock the one head row `heads` selects, yield an appender, then write its
    events and the new head in the same transaction; wake readers after commit."""
    with transaction.atomic():
        # A row lock on PostgreSQL; on SQLite the IMMEDIATE transaction
        # already holds the database's write lock.
        log = appender_class(heads.select_for_update().get())
        yield log
        fields = log.before_write()
        if not log.pending:
            return
        log.event_model.objects.bulk_create(log.pending)
        head = log.head
        head.head_seq = log.pending[-1].seq
        head.save(update_fields=["head_seq", *fields])
        source, key, seq, first = log.source, log.stream_key(), head.head_seq, log.pending[0].seq
        transaction.on_commit(lambda: signal(source, key, seq, first=first))


# Reading a log from a saved position (DESIGN.md, point 7) ------------------


class LogPosition(models.Model):
    """How far one consumer has read one stream's log. A concrete position
    model adds the foreign key to the head (named like the event model's)
    and makes (name, that key) unique."""

    name = models.CharField(max_length=40)
    # The log's epoch when last read: a rewritten or restored log starts again.
    epoch = models.PositiveIntegerField(default=0)
    last_seq = models.PositiveBigIntegerField(default=0)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True


class Consumer(Protocol):
    """Something that acts on a log's events in order: search indexing,
    webhooks, key-event alerts."""

    name: str
    positions: type[LogPosition]  # where this consumer keeps its place

    def start(self, head: LogHead, previous: int | None) -> int:
        """No saved position (`previous` is None), or the log's epoch moved
        on (`previous` is the seq read up to before): do what is needed and
        return the seq to read after."""

    def handle(self, head: LogHead, events: list) -> None:
        """Act on events in seq order, inside the consumer's transaction."""


@dataclass
class Progress:
    read: int
    position: int
    more: bool


class Log:
    """One kind of log (its head and event models, and the foreign key from
    events and positions to the head) and the consumers that read it.

    `consume()` locks the consumer's position for one head, reads the events
    after it, hands them over and saves the new position, all in one
    transaction: the work and the position commit together, so a crash or a
    restart neither loses an event nor does one twice."""

    BATCH = 500

    def __init__(self, *, heads: type[LogHead], events: type[LogEvent], head_field: str):
        self.heads, self.events, self.head_field = heads, events, head_field
        self._consumers: dict[str, Consumer] = {}

    def register(self, consumer: Consumer) -> None:
        self._consumers[consumer.name] = consumer

    def registered(self) -> list[Consumer]:
        return list(self._consumers.values())

    def get(self, name: str) -> Consumer:
        return self._consumers[name]

    def consume(self, consumer: Consumer, head_id: int, *, batch: int = BATCH) -> Progress:
        """Read up to `batch` events after the consumer's position and act on them."""
        with transaction.atomic():
            head = self.heads.objects.filter(pk=head_id).first()
            if head is None:
                return Progress(0, 0, False)
            position, created = consumer.positions.objects.select_for_update().get_or_create(
                name=consumer.name, **{self.head_field: head}, defaults={"epoch": head.epoch}
            )
            if created or position.epoch != head.epoch:
                previous = None if created else position.last_seq
                position.epoch = head.epoch
                position.last_seq = consumer.start(head, previous)
            events = list(
                self.events.objects.filter(**{self.head_field: head}, seq__gt=position.last_seq).order_by("seq")[
                    :batch
                ]
            )
            if events:
                consumer.handle(head, events)
                position.last_seq = events[-1].seq
            position.updated_at = timezone.now()
            position.save(update_fields=["epoch", "last_seq", "updated_at"])
            return Progress(len(events), position.last_seq, position.last_seq < head.head_seq)

    def consume_all(self, consumer: Consumer, head_id: int) -> int:
        """Read to the head, batch by batch; returns how many events."""
        total = 0
        while True:
            progress = self.consume(consumer, head_id)
            total += progress.read
            if not progress.more or progress.read == 0:
                return total

    def behind(self, consumer: Consumer, *, written_before=None) -> models.QuerySet:
        """Heads whose log this consumer has not read to the end; with
        `written_before` (a datetime), only those whose newest event is older:
        a wake-up was missed, rather than a consumer's job not yet run."""
        current = consumer.positions.objects.filter(
            name=consumer.name,
            **{self.head_field: OuterRef("pk")},
            epoch=OuterRef("epoch"),
            last_seq__gte=OuterRef("head_seq"),
        )
        heads = self.heads.objects.exclude(Exists(current))
        if written_before is not None:
            newest = self.events.objects.filter(
                **{self.head_field: OuterRef("pk")}, seq=OuterRef("head_seq"), created_at__lt=written_before
            )
            heads = heads.filter(Exists(newest))
        return heads.order_by("pk")

    def catch_up(self, consumer: Consumer) -> int:
        total = 0
        for head_id in self.behind(consumer).values_list("pk", flat=True).iterator():
            total += self.consume_all(consumer, head_id)
        return total
