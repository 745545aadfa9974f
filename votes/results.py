"""Counting: a poll's votes per answer and a post's reactions per kind, in
one grouped query over an index each, and the shapes pages and events use."""

from django.core.cache import cache
from django.db.models import Count

from votes.models import PollVote, Reaction, reaction_choices


def poll_counts(poll_ids) -> dict[int, dict[int, int]]:
    """{poll id: {answer index: votes}} for every poll asked about."""
    found: dict[int, dict[int, int]] = {pid: {} for pid in poll_ids}
    rows = PollVote.objects.filter(poll_id__in=list(poll_ids)).values_list("poll_id", "answer").annotate(n=Count("id"))
    for poll_id, answer, n in rows.order_by():
        found[poll_id][answer] = n
    return found


def reaction_counts(post_ids=None, *, blog_id=None) -> dict[int, dict[str, int]]:
    """{post id: {kind: count}}, for the posts asked about or a whole blog."""
    qs = Reaction.objects.all()
    if post_ids is not None:
        qs = qs.filter(post_id__in=list(post_ids))
    if blog_id is not None:
        qs = qs.filter(blog_id=blog_id)
    found: dict[int, dict[str, int]] = {pid: {} for pid in (post_ids or [])}
    for post_id, kind, n in qs.values_list("post_id", "kind").annotate(n=Count("id")).order_by():
        found.setdefault(post_id, {})[kind] = n
    return found


def shape(answers: list[str], counts) -> dict:
    """A poll's result as the page shows it: per answer its text, votes and
    whole-number percentage of all votes (text, never colour alone)."""
    if isinstance(counts, dict):
        counts = [counts.get(i, 0) for i in range(len(answers))]
    total = sum(counts)
    return {
        "total": total,
        "answers": [
            {"index": i, "text": text, "votes": counts[i], "percent": round(100 * counts[i] / total) if total else 0}
            for i, text in enumerate(answers)
        ],
    }


def poll_result(poll, counts: dict[int, int] | None = None) -> dict:
    """A poll's live (or, once closed, final) result."""
    if poll.final_counts is not None:
        counts = poll.final_counts
    elif counts is None:
        counts = poll_counts([poll.pk])[poll.pk]
    data = shape(poll.answers, counts)
    data.update({"poll": poll.pk, "closed": not poll.is_open()})
    return data


def reactions_shape(counts: dict[str, int]) -> list[dict]:
    return [dict(c, count=counts.get(c["value"], 0)) for c in reaction_choices()]


# The latest batched counts, kept in the shared cache by the flusher
# (votes.batching), so answering a vote never counts: counting every vote
# for every vote would grow with the poll.
SNAPSHOT_SECONDS = 600


def snapshot_key(kind: str, obj_id: int) -> str:
    return f"votes-snapshot:{kind}:{obj_id}"


def latest_poll_result(poll) -> dict:
    """A poll's result as last counted (final once closed); counted here
    only if no flush has counted it yet (its first vote)."""
    if poll.final_counts is not None:
        return poll_result(poll)
    found = cache.get(snapshot_key("poll", poll.pk))
    if found is None:
        found = poll_result(poll)
        cache.set(snapshot_key("poll", poll.pk), found, timeout=SNAPSHOT_SECONDS)
    return found


def latest_reaction_counts(post_id: int) -> dict[str, int]:
    found = cache.get(snapshot_key("post", post_id))
    if found is None:
        found = reaction_counts([post_id])[post_id]
        cache.set(snapshot_key("post", post_id), found, timeout=SNAPSHOT_SECONDS)
    return found
