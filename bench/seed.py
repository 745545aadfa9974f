"""Database-side helpers for the benchmarks, run by bench/run.py in the
project's venv against a throwaway database named by the environment
(SQLITE_PATH or DATABASE_URL). Never run it against var/.

    seed.py blog --slug S --posts N [--bulk]   create a live blog with N posts
    seed.py publish --slug S --count K --interval 1.0 [--body-kb KB]
                                               publish K posts through the real action
    seed.py explain --slug S                   query plans of the reader page and updates
    seed.py keyevents --slug S --keep K        leave only K key events (a worst case)
    seed.py poll --slug S --tokens N --out F  add a poll to the newest post; write N anonymous
                                               voter tokens (votes.voters) to F as JSON
    seed.py votes --poll ID                    how many votes the poll has counted, per answer
    seed.py soak --slug S --seconds T --interval 2 --comment-interval 1
                                               publish a post every interval and post reader
                                               comments (community.actions) between, for T seconds

Each prints one JSON object per line on stdout."""

import argparse
import json
import os
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsline.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from liveblogs import actions, events  # noqa: E402
from liveblogs import models as _models  # noqa: E402
from liveblogs.events import Kind  # noqa: E402
from liveblogs.models import BlogEvent, LiveBlog, Post  # noqa: E402

# Written by publish_post in newer code; mirrored by the bulk loader when present.
PostRevision = getattr(_models, "PostRevision", None)
REVISION_FIELDS = getattr(_models, "REVISION_FIELDS", ())

# About 1 KB of body, like a real update: with the card around it an event is ~2 KB.
BODY = (
    "<p>Officials confirmed on Tuesday afternoon that the northern crossing would reopen to "
    "civilian traffic after inspectors found no structural damage, ending a closure that had "
    "stranded hundreds of lorries on both sides of the border overnight.</p>"
    "<p>“We expect queues to clear by the evening,” a spokesperson for the transport ministry "
    "said, adding that freight would be prioritised for the first three hours. Police asked "
    "drivers not to approach the crossing before they were called forward.</p>"
    "<p>Our correspondent at the scene says the mood among waiting drivers is one of relief, "
    "though many say they have lost a full day's work. Aid convoys, which were allowed "
    "through on a separate lane during the closure, are not affected.</p>"
)


def editor():
    User = get_user_model()
    user, _ = User.objects.get_or_create(
        username="bench-editor", defaults={"role": "editor", "display_name": "Bench Editor"}
    )
    return user


def content(i: int, body_kb: int = 0) -> actions.PostContent:
    body = BODY
    if body_kb:
        # Padding paragraphs, for frames of a known size (the stalled-readers bench).
        para = "<p>" + "The ferry timetable is unchanged for the rest of the evening. " * 10 + "</p>"
        body = BODY + para * max(1, body_kb * 1024 // len(para))
    return actions.PostContent(headline=f"Update number {i}: the crossing reopens", body=body)


def out(obj):
    print(json.dumps(obj), flush=True)


def cmd_blog(args):
    by = editor()
    blog = actions.create_blog(
        by=by, headline="Benchmark live blog", slug=args.slug, standfirst="A blog for benchmarks."
    )
    blog = actions.open_blog(blog=blog, by=by)
    start = timezone.now() - timedelta(seconds=args.posts * 60 + 60)
    if not args.bulk:
        for i in range(args.posts):
            actions.publish_post(
                blog=blog, by=by, content=content(i), at=start + timedelta(seconds=60 * i),
                is_key_event=(i % 5 == 2), is_pinned=(i == args.posts - 10),
            )
    else:
        bulk_posts(blog, by, start, args.posts)
    blog.refresh_from_db()
    out({"slug": blog.slug, "blog_id": blog.pk, "epoch": blog.epoch, "head": blog.head_seq,
         "posts": Post.objects.filter(blog=blog).count()})


def bulk_posts(blog, by, start, n):
    """bulk_create of Post rows, their bylines and their BlogEvent rows, then
    head_seq: the same rows the action writes, thousands at a time."""
    data = content(0).cleaned()
    # One real event renders the card; the rest reuse its bytes with their own ids.
    proto = actions.publish_post(blog=blog, by=by, content=content(0), at=start)
    proto_payload = BlogEvent.objects.get(blog=blog, post_id_ref=proto.pk).payload
    marker = f"post-{proto.pk}"
    Through = Post.authors.through
    blog.refresh_from_db()
    seq = blog.head_seq
    proto_seq = f'"seq":{json.loads(proto_payload)["seq"]},'
    batch = 5000
    for lo in range(1, n, batch):
        hi = min(n, lo + batch)
        with transaction.atomic():
            posts = [
                Post(blog=blog, created_by=by, published_at=start + timedelta(seconds=60 * i),
                     created_at=start + timedelta(seconds=60 * i), is_key_event=(i % 5 == 2), **data)
                for i in range(lo, hi)
            ]
            Post.objects.bulk_create(posts, batch_size=1000)
            if posts[0].pk is None:  # backends that do not return ids
                posts = list(Post.objects.filter(blog=blog).order_by("-id")[: len(posts)])[::-1]
            Through.objects.bulk_create([Through(post_id=p.pk, user_id=by.pk) for p in posts], batch_size=2000)
            if PostRevision is not None:  # publish_post writes revision 1 of every post
                PostRevision.objects.bulk_create(
                    [PostRevision(post_id=p.pk, number=1, author=by, created_at=p.published_at,
                                  **{f: getattr(p, f) for f in REVISION_FIELDS}) for p in posts],
                    batch_size=1000,
                )
            events = []
            for p in posts:
                seq += 1
                payload = proto_payload.replace(marker, f"post-{p.pk}").replace(proto_seq, f'"seq":{seq},', 1)
                events.append(
                    BlogEvent(blog=blog, seq=seq, kind=Kind.POST_PUBLISHED, post_id_ref=p.pk, payload=payload)
                )
            BlogEvent.objects.bulk_create(events, batch_size=1000)
            LiveBlog.objects.filter(pk=blog.pk).update(head_seq=seq, last_activity_at=timezone.now())
    # An editor pinned a recent summary: the 10th-newest post.
    pin = Post.objects.filter(blog=blog).order_by("-published_at", "-id").values_list("id", flat=True)[9]
    Post.objects.filter(pk=pin).update(is_pinned=True)
    with connection.cursor() as c:
        # Fresh statistics, and on PostgreSQL a vacuumed table, so autovacuum
        # does not start in the middle of a measurement.
        c.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def cmd_publish(args):
    """Publish through the real action once per interval, on a fixed schedule."""
    by = editor()
    blog = LiveBlog.objects.get(slug=args.slug)
    # A publishing process (the server's, the job worker) has loaded what an
    # event's payload needs at start-up (liveblogs.events.warm_up); so does
    # this stand-in for one, or its first post pays ~0.45 s after its `at`.
    warm_up = getattr(events, "warm_up", None)  # older commits (the bench's baselines) have none
    if warm_up is not None:
        warm_up()
    t0 = time.time()
    for i in range(args.count):
        target = t0 + i * args.interval
        delay = target - time.time()
        if delay > 0:
            time.sleep(delay)
        t_call = time.time()
        post = actions.publish_post(blog=blog, by=by, content=content(10_000 + i, args.body_kb))
        t_done = time.time()
        ev = BlogEvent.objects.filter(blog=blog, post_id_ref=post.pk).values_list("seq", "payload").first()
        out({"seq": ev[0], "at": json.loads(ev[1])["at"], "t_call": t_call, "t_commit": t_done, "bytes": len(ev[1])})


def cmd_poll(args):
    """A poll on the blog's newest post, and voter tokens as the private
    endpoint hands them out (signed with the same SECRET_KEY), so the vote
    flood measures voting, not minting ids."""
    import secrets

    from votes import actions as vote_actions
    from votes import voters

    blog = LiveBlog.objects.get(slug=args.slug)
    post = Post.objects.visible().filter(blog=blog).order_by("-published_at", "-id").first()
    poll = vote_actions.add_poll(post=post, by=editor(), question="Should the crossing reopen tonight?",
                                 answers=["Yes", "No", "Not yet"])
    Path(args.out).write_text(json.dumps([voters.token_for(secrets.token_hex(16)) for _ in range(args.tokens)]))
    out({"poll": poll.pk, "post": post.pk, "tokens": args.tokens})


def cmd_votes(args):
    from django.db.models import Count

    from votes.models import PollVote

    rows = PollVote.objects.filter(poll_id=args.poll).values_list("answer").annotate(n=Count("id")).order_by("answer")
    out({"poll": args.poll, "votes": sum(n for _, n in rows), "per_answer": {a: n for a, n in rows}})


def cmd_soak(args):
    """The soak's publisher: posts on a fixed schedule, comments by a few
    readers between them, each through its real action. One JSON line per
    post ({"seq", "at", "t_commit"}) and per comment ({"comment", "status"})."""
    from community import actions as community

    by = editor()
    blog = LiveBlog.objects.get(slug=args.slug)
    User = get_user_model()
    readers = [
        User.objects.get_or_create(username=f"bench-reader-{i}", defaults={"display_name": f"Bench Reader {i}"})[0]
        for i in range(args.commenters)
    ]
    t0 = time.time()
    end = t0 + args.seconds
    next_post, next_comment, i, j = t0, t0 + args.comment_interval / 2, 0, 0
    while True:
        due = min(next_post, next_comment)
        if due >= end:
            break
        if due > time.time():
            time.sleep(due - time.time())
        if next_post <= next_comment:
            post = actions.publish_post(blog=blog, by=by, content=content(20_000 + i))
            t_done = time.time()
            ev = BlogEvent.objects.filter(blog=blog, post_id_ref=post.pk).values_list("seq", "payload").first()
            out({"seq": ev[0], "at": json.loads(ev[1])["at"], "t_commit": t_done})
            i += 1
            next_post = t0 + i * args.interval
        else:
            comment = community.post_comment(
                blog=blog, by=readers[j % len(readers)],
                body=f"Reader comment {j} at {time.strftime('%H:%M:%S')}: the queue at the north gate is moving again.",
            )
            out({"comment": comment.pk, "status": comment.status, "t_commit": time.time()})
            j += 1
            next_comment = t0 + args.comment_interval / 2 + j * args.comment_interval


def cmd_keyevents(args):
    blog = LiveBlog.objects.get(slug=args.slug)
    keep = list(
        Post.objects.filter(blog=blog, is_key_event=True)
        .order_by("published_at")
        .values_list("id", flat=True)[: args.keep]
    )
    n = Post.objects.filter(blog=blog, is_key_event=True).exclude(id__in=keep).update(is_key_event=False)
    out({"cleared": n, "kept": len(keep)})


def cmd_explain(args):
    """Capture the SQL (and its parameters) that the reader page with a
    ?before= cursor and the updates read actually run, then ask the database
    for each statement's plan with the same bound parameters (the plan can
    differ from the one for the same SQL with literals pasted in) and time it."""
    from django.test import Client

    from liveblogs.stream import LiveBlogSource

    blog = LiveBlog.objects.get(slug=args.slug)
    top = list(Post.objects.filter(blog=blog).order_by("-published_at", "-id")[:5])
    client = Client(HTTP_HOST="127.0.0.1")
    src = LiveBlogSource()

    def capture(fn):
        seen = []

        def wrapper(execute, sql, params, many, context):
            seen.append((sql, params))
            return execute(sql, params, many, context)

        with connection.execute_wrapper(wrapper):
            fn()
        return seen

    captured = [
        ("reader page, first page", f"/live/{blog.slug}/", capture(lambda: client.get(f"/live/{blog.slug}/"))),
        ("reader page, ?before= cursor", f"/live/{blog.slug}/?before={top[2].cursor}",
         capture(lambda: client.get(f"/live/{blog.slug}/?before={top[2].cursor}"))),
        ("updates: events after a seq older than the ring (log read)", "LiveBlogSource.read",
         capture(lambda: src.read(blog.slug, max(0, blog.head_seq - 1000), 50))),
        ("stream head and the poll's heads", "LiveBlogSource.head/heads",
         capture(lambda: (src.head(blog.slug), src.heads([blog.slug])))),
    ]
    pg = connection.vendor == "postgresql"
    prefix = "EXPLAIN (ANALYZE, COSTS OFF) " if pg else "EXPLAIN QUERY PLAN "
    for label, url, queries in captured:
        plans = []
        for sql, params in queries:
            if not sql.lstrip().upper().startswith("SELECT") or "django_session" in sql:
                continue
            with connection.cursor() as c:
                best = float("inf")
                for _ in range(3):
                    t = time.perf_counter()
                    c.execute(sql, params)
                    c.fetchall()
                    best = min(best, time.perf_counter() - t)
                c.execute(prefix + sql, params)
                rows = c.fetchall()
            plan = [r[0] for r in rows] if pg else [r[-1] for r in rows]
            plans.append(
                {"sql": sql, "params": [str(p) for p in (params or ())], "plan": plan, "ms": round(best * 1000, 3)}
            )
        out({"label": label, "url": url, "vendor": connection.vendor, "queries": plans})


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    b = sub.add_parser("blog")
    b.add_argument("--slug", required=True)
    b.add_argument("--posts", type=int, required=True)
    b.add_argument("--bulk", action="store_true")
    pub = sub.add_parser("publish")
    pub.add_argument("--slug", required=True)
    pub.add_argument("--count", type=int, required=True)
    pub.add_argument("--interval", type=float, default=1.0)
    pub.add_argument("--body-kb", type=int, default=0)
    e = sub.add_parser("explain")
    e.add_argument("--slug", required=True)
    k = sub.add_parser("keyevents")
    k.add_argument("--slug", required=True)
    k.add_argument("--keep", type=int, default=3)
    so = sub.add_parser("soak")
    so.add_argument("--slug", required=True)
    so.add_argument("--seconds", type=float, required=True)
    so.add_argument("--interval", type=float, default=2.0)
    so.add_argument("--comment-interval", type=float, default=1.0)
    so.add_argument("--commenters", type=int, default=20)
    po = sub.add_parser("poll")
    po.add_argument("--slug", required=True)
    po.add_argument("--tokens", type=int, default=1000)
    po.add_argument("--out", required=True)
    vo = sub.add_parser("votes")
    vo.add_argument("--poll", type=int, required=True)
    args = p.parse_args()
    commands = {"poll": cmd_poll, "votes": cmd_votes, "soak": cmd_soak, "blog": cmd_blog, "publish": cmd_publish,
                "explain": cmd_explain, "keyevents": cmd_keyevents}
    commands[args.cmd](args)


if __name__ == "__main__":
    main()
