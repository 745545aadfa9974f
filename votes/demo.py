"""Demo content for polls and reactions (run by `manage.py load_demo` after
the blogs): a poll on the running blog's post about scheduled power cuts,
with votes from a few hundred made-up readers, and reactions on the latest
posts. Safe to run twice: a post that already has its poll is left alone.
The question and answers were written for this demo."""

import random

from django.utils import timezone

from liveblogs.models import LiveBlog, Post
from votes import actions
from votes.models import PollVote, Reaction

BLOG = "ukraine-war-live"
POST_HEADLINE = "Scheduled power cuts in three regions after strikes on the grid"
QUESTION = "Have the power cuts reached you this week?"
ANSWERS = ["Yes, for hours at a time", "Yes, briefly", "No", "I am not in Ukraine"]
# Made-up readers' votes per answer, and reactions (kind: count) on the newest posts.
VOTES = [142, 96, 58, 211]
REACTIONS = [{"like": 31, "sad": 12, "wow": 4}, {"like": 18, "love": 6}, {"sad": 22, "angry": 9, "like": 5}]


def load(stdout) -> None:
    blog = LiveBlog.objects.filter(slug=BLOG).first()
    if blog is None:
        return
    post = Post.objects.visible().select_related("blog").filter(blog=blog, headline=POST_HEADLINE).first()
    if post is None or _has_poll(post):
        return
    editor = blog.created_by
    poll = actions.add_poll(post=post, by=editor, question=QUESTION, answers=ANSWERS,
                            closes_at=timezone.now() + timezone.timedelta(days=2))
    rng = random.Random(7)
    votes = [
        PollVote(poll=poll, answer=answer, voter=f"{rng.getrandbits(128):032x}")
        for answer, count in enumerate(VOTES) for _ in range(count)
    ]
    PollVote.objects.bulk_create(votes)
    n = len(votes)
    newest = list(Post.objects.visible().select_related("blog").filter(blog=blog).newest_first()[: len(REACTIONS)])
    rows = []
    for post_, counts in zip(newest, REACTIONS):
        for kind, count in counts.items():
            rows += [
                Reaction(post=post_, blog=blog, kind=kind, voter=f"{rng.getrandbits(128):032x}") for _ in range(count)
            ]
    Reaction.objects.bulk_create(rows)
    stdout.write(f"  Poll on “{post.title}” with {n} votes; reactions on the {len(newest)} newest posts.")


def _has_poll(post) -> bool:
    from votes.models import Poll

    return Poll.objects.filter(post=post).exists()
