"""Push alerts: a consumer of the blogs' event log (liveblogs.consumers) with
its own saved position per blog, modelled on community.keyevents.

When a post is published as, marked or restored as a key event, or the blog
ends, it writes one PushAlert (once per post, however often it is edited)
and, after commit, hands the subscribers who want it to the job worker in
batches (pushalerts.tasks.send_push_alert): one push per subscriber. A
subscriber gets only what happened after they opted in (`since_seq`), and
alerts start at a blog's head when its first reader opts in."""

import json

from django.conf import settings
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext

from liveblogs.events import Kind
from liveblogs.models import LiveBlog
from newsline.lib.languages import content_language
from pushalerts import vapid
from pushalerts.actions import CONSUMER_NAME
from pushalerts.models import LogPosition, PushAlert, PushSubscription

KEY_EVENT_KINDS = (Kind.POST_PUBLISHED, Kind.POST_UPDATED, Kind.POST_RESTORED)
BATCH = 100  # subscribers per job
# What a push may carry is about 4 KB after encryption: keep the words short.
TITLE_CHARS, BODY_CHARS = 120, 200


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def alert_payload(blog: LiveBlog, *, kind: str, post: dict | None = None) -> str:
    """What the service worker shows: in the blog's language, linking the
    key event's permalink or the blog."""
    with content_language(blog.language):
        if kind == PushAlert.Kind.KEY_EVENT:
            title = post.get("title") or gettext("Key event")
            url = settings.SITE_URL + post["url"]
            tag = f"newsline-{blog.pk}-{post['id']}"
        else:
            title = gettext("This live blog has ended")
            url = blog.absolute_url
            tag = f"newsline-{blog.pk}-end"
        body = {
            "kind": kind,
            "title": _clip(title, TITLE_CHARS),
            "body": _clip(blog.headline, BODY_CHARS),
            "url": url,
            "tag": tag,
            "lang": translation.get_language(),
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
        }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


class PushAlertConsumer:
    name = CONSUMER_NAME
    positions = LogPosition

    def idle(self) -> bool:
        """Nobody has opted in anywhere: no job after each event."""
        return not PushSubscription.objects.exists()

    def start(self, blog, previous):
        if previous is not None:
            # The log was rewritten or restored (its seqs may go back): every
            # subscriber of the blog starts again at its head.
            PushSubscription.objects.filter(blog=blog, since_seq__gt=blog.head_seq).update(since_seq=blog.head_seq)
        return blog.head_seq

    def handle(self, blog, events):
        if blog.status == LiveBlog.Status.DRAFT or vapid.keys() is None:
            return  # nothing about a blog readers cannot see; nothing we could sign
        jobs: list[tuple[int, list[int]]] = []
        for event in events:
            data = json.loads(event.payload)
            post = data.get("post") or {}
            if event.kind in KEY_EVENT_KINDS and post.get("key_event"):
                kind, post_id, wants = PushAlert.Kind.KEY_EVENT, post["id"], {"key_events": True}
            elif event.kind == Kind.BLOG_CLOSED:
                kind, post_id, wants = PushAlert.Kind.BLOG_END, 0, {"blog_end": True}
            else:
                continue
            payload = alert_payload(blog, kind=kind, post=post)
            if kind == PushAlert.Kind.BLOG_END:
                alert = PushAlert.objects.create(blog=blog, kind=kind, post_id=0, seq=event.seq, payload=payload)
            else:
                alert, created = PushAlert.objects.get_or_create(
                    blog=blog, kind=kind, post_id=post_id, defaults={"seq": event.seq, "payload": payload}
                )
                if not created:
                    continue  # an edit of a key event already alerted
            ids = list(
                PushSubscription.objects.filter(blog=blog, since_seq__lt=event.seq, **wants)
                .order_by("pk").values_list("pk", flat=True)
            )
            if kind == PushAlert.Kind.BLOG_END:
                # The coverage is over: nothing more will be sent to anyone
                # about it. Those who wanted only key events go now; the
                # others once their end alert is sent (tasks.send_push_alert).
                PushSubscription.objects.filter(blog=blog).exclude(pk__in=ids).delete()
            jobs.extend((alert.pk, ids[i:i + BATCH]) for i in range(0, len(ids), BATCH))
        if jobs:
            transaction.on_commit(lambda: _enqueue(jobs))


def _enqueue(jobs):
    from pushalerts.tasks import send_push_alert

    for alert_id, ids in jobs:
        send_push_alert.enqueue(alert_id, ids)


CONSUMER = PushAlertConsumer()
