"""The page script's anonymous votes and reactions in the fast lane
(votes/fastlane.py, votes/buffer.py): accepted at once, written in batches
of one transaction, still once per voter per poll; refused with a clear
message for a bad token or past the limits; written on a graceful stop.
Everything else under /votes/ still reaches Django's view."""

import json
import re
import time
import urllib.error
import urllib.request
from http.cookiejar import CookieJar

import pytest

from tests.waiting import wait_for
from votes import actions, batching, buffer, voters
from votes.fastlane import match
from votes.models import PollVote, Reaction


def _pending(kind, obj_id, voter, choice, slug="storm"):
    return buffer.Pending(kind, obj_id, voter, choice, slug, time.time())


# The batch writer, in this process -----------------------------------------------------------


@pytest.mark.django_db
def test_duplicate_votes_in_one_batch_count_once(poll):
    a, b = "a" * 32, "b" * 32
    for item in (_pending("poll", poll.pk, a, 0), _pending("poll", poll.pk, a, 2), _pending("poll", poll.pk, b, 1)):
        assert buffer.add(item)
    assert buffer.write() == 3
    assert sorted(PollVote.objects.filter(poll=poll).values_list("voter", "answer")) == [(a, 0), (b, 1)]
    assert batching._dirty == {poll.blog.slug: {("poll", poll.pk)}}  # the next results event counts them


@pytest.mark.django_db
def test_duplicate_votes_across_batches_and_paths_count_once(poll):
    a, b = "a" * 32, "b" * 32
    actions.vote(poll_id=poll.pk, answer=1, who=actions.Voter(voter=b))  # the no-JS page's vote, earlier
    buffer.add(_pending("poll", poll.pk, a, 0))
    buffer.write()
    buffer.add(_pending("poll", poll.pk, a, 2))
    buffer.add(_pending("poll", poll.pk, b, 2))
    buffer.write()
    assert sorted(PollVote.objects.filter(poll=poll).values_list("voter", "answer")) == [(a, 0), (b, 1)]


@pytest.mark.django_db
def test_a_vote_for_a_poll_closed_before_the_write_is_not_written(poll, editor):
    buffer.add(_pending("poll", poll.pk, "a" * 32, 0))
    other = _pending("poll", poll.pk, "b" * 32, 1)
    # Closing in this process writes what it holds first: that vote is in the final count.
    actions.close_poll(poll=poll, by=editor)
    poll.refresh_from_db()
    assert poll.final_counts == [1, 0, 0]
    buffer.add(other)  # accepted by another process's stale copy, say
    buffer.write()
    assert PollVote.objects.filter(poll=poll).count() == 1


@pytest.mark.django_db
def test_reactions_in_a_batch_keep_each_readers_last(poll):
    a, b = "a" * 32, "b" * 32
    for item in (_pending("post", poll.post_id, a, "like"), _pending("post", poll.post_id, a, "wow"),
                 _pending("post", poll.post_id, b, "sad")):
        buffer.add(item)
    buffer.write()
    buffer.add(_pending("post", poll.post_id, b, ""))  # taken back
    buffer.write()
    assert list(Reaction.objects.values_list("voter", "kind")) == [(a, "wow")]


@pytest.mark.django_db
def test_a_failed_write_keeps_the_batch_for_the_next(poll, monkeypatch):
    buffer.add(_pending("poll", poll.pk, "a" * 32, 0))

    def away(batch):
        raise RuntimeError("the database is away")

    monkeypatch.setattr(buffer, "_write", away)
    with pytest.raises(RuntimeError):
        buffer.write()
    monkeypatch.undo()
    assert buffer.backlog() == 1


def test_only_an_anonymous_json_vote_takes_the_fast_lane():
    def scope(path="/votes/polls/7/", method="POST", ctype=b"application/json", cookie=b""):
        headers = [(b"content-type", ctype), (b"accept", b"application/json")]
        return {"method": method, "path": path, "headers": headers + ([(b"cookie", cookie)] if cookie else [])}

    assert match(scope()) == ("poll", 7)
    assert match(scope("/votes/posts/12/reactions/")) == ("post", 12)
    assert match(scope(ctype=b"application/x-www-form-urlencoded")) is None  # the no-JS form
    assert match(scope(method="GET")) is None  # the poll's own page
    assert match(scope(cookie=b"nl_voter=x; sessionid=abc")) is None  # perhaps signed in: by account
    assert match(scope("/votes/polls/7/extra/")) is None


# On the real server ----------------------------------------------------------------------------


def _post(url, body: dict | bytes, ctype="application/json", cookies=None):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="POST",
                                     headers={"Content-Type": ctype, "Accept": "application/json"})
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(cookies or CookieJar()))
    try:
        with opener.open(request, timeout=10) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read())


def _token(server, blog):
    with urllib.request.urlopen(f"{server.url}/votes/voter?blog={blog.slug}&new=1", timeout=10) as r:
        return json.loads(r.read())["token"]


@pytest.mark.django_db(transaction=True)
def test_a_script_vote_is_accepted_then_written_once(asgi_server, unique_blog, publish, editor):
    post = publish(unique_blog, headline="The pier")
    poll = actions.add_poll(post=post, by=editor, question="Reopen the pier?", answers=["Yes", "No"])
    token = _token(asgi_server, unique_blog)
    status, body = _post(f"{asgi_server.url}/votes/polls/{poll.pk}/", {"answer": 1, "token": token})
    assert status == 200, body
    assert body["accepted"] is True and body["mine"] == 1
    assert body["message"] == "Your vote is in: the results include it within a few seconds."
    wait_for(lambda: PollVote.objects.filter(poll=poll).count() == 1, what="the batch written")
    again = _post(f"{asgi_server.url}/votes/polls/{poll.pk}/", {"answer": 0, "token": token})
    assert again[0] == 409 and "already voted" in again[1]["message"] and again[1]["mine"] == 1
    assert list(PollVote.objects.filter(poll=poll).values_list("answer", flat=True)) == [1]


@pytest.mark.django_db(transaction=True)
def test_a_bad_token_is_refused_with_a_clear_message(asgi_server, unique_blog, publish, editor):
    post = publish(unique_blog, headline="The pier")
    poll = actions.add_poll(post=post, by=editor, question="Reopen the pier?", answers=["Yes", "No"])
    forged = voters.token_for("f" * 32)[:-3] + "xyz"
    status, body = _post(f"{asgi_server.url}/votes/polls/{poll.pk}/", {"answer": 0, "token": forged})
    assert status == 403
    assert body["message"] == "Your voter token is not valid or has expired: reload the page, then vote again."
    # Without a token at all the script's request reaches Django's view (its body replayed), which says so too.
    status, body = _post(f"{asgi_server.url}/votes/polls/{poll.pk}/", {"answer": 0})
    assert status == 403 and body["message"] == "Reload the page, then vote again."
    assert not PollVote.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_no_javascript_form_still_votes_through_django(asgi_server, unique_blog, publish, editor):
    post = publish(unique_blog, headline="The pier")
    poll = actions.add_poll(post=post, by=editor, question="Reopen the pier?", answers=["Yes", "No"])
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(f"{asgi_server.url}/votes/polls/{poll.pk}/?answer=1", timeout=10) as r:
        html = r.read().decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    form = f"answer=1&csrfmiddlewaretoken={csrf}".encode()
    request = urllib.request.Request(f"{asgi_server.url}/votes/polls/{poll.pk}/", data=form, method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded",
                                              "Referer": f"{asgi_server.url}/votes/polls/{poll.pk}/"})
    with opener.open(request, timeout=10) as r:
        assert r.status == 200
        assert "your vote is counted" in r.read().decode()
    assert PollVote.objects.get(poll=poll).answer == 1  # written by the request itself, not a batch


@pytest.fixture
def slow_writer_server(django_db_setup, django_db_blocker, tmp_path):
    """A server of its own whose fast lane writes only every ten minutes
    (so only a stop writes), with a low limit per reader."""
    from tests.server import Server

    with django_db_blocker.unblock():
        server = Server(tmp_path, {"VOTES_WRITE_MS": "600000", "VOTES_PER_READER_PER_MINUTE": "3"})
    yield server
    if server.proc.poll() is None:
        server.stop()


@pytest.mark.django_db(transaction=True)
def test_limits_and_the_write_on_a_graceful_stop(slow_writer_server, unique_blog, publish, editor):
    server = slow_writer_server
    post = publish(unique_blog, headline="The pier")
    poll = actions.add_poll(post=post, by=editor, question="Reopen the pier?", answers=["Yes", "No"])
    token = _token(server, unique_blog)
    assert _post(f"{server.url}/votes/polls/{poll.pk}/", {"answer": 0, "token": token})[0] == 200
    url = f"{server.url}/votes/posts/{post.pk}/reactions/"
    assert _post(url, {"reaction": "like", "token": token})[0] == 200
    assert _post(url, {"reaction": "sad", "token": token})[0] == 200
    status, body = _post(url, {"reaction": "wow", "token": token})  # the fourth in a minute
    assert status == 429
    assert body["message"] == "You are voting very quickly: wait a moment, then try again."
    # Accepted, not yet written (the writer waits ten minutes here)...
    assert not PollVote.objects.exists()
    server.stop()  # SIGTERM: a graceful stop
    # ...and written by the stop: nothing accepted is lost.
    assert list(PollVote.objects.filter(poll=poll).values_list("answer", flat=True)) == [0]
    assert list(Reaction.objects.filter(post=post).values_list("kind", flat=True)) == ["sad"]


def test_with_redis_the_limits_and_voted_already_go_in_one_call_per_turn(settings):
    """The Redis path: votes arriving together share one script call; a
    voter's second vote in a poll is told its first answer; past the limit
    per reader, 429. Its own database number on the shared Redis."""
    import asyncio

    import redis

    from tests.asyncio_thread import run_in_thread
    from tests.server import need_service
    from votes.fastlane import Limits

    url = "redis://127.0.0.1:6379/13"
    need_service("Redis", lambda: redis.Redis.from_url(url, socket_connect_timeout=1).ping())
    settings.REDIS_URL = url
    settings.VOTES_PER_READER_PER_MINUTE = 3
    settings.VOTES_PER_ADDRESS_PER_MINUTE = 1000
    run = f"{time.time_ns()}"  # keys of this run only
    limits = Limits()

    async def votes():
        first = await asyncio.gather(
            limits.check(f"v{run}a", "192.0.2.1", (1, f"{run}a"), 2),
            limits.check(f"v{run}a", "192.0.2.1", (1, f"{run}a"), 0),  # the same voter, the same poll
            limits.check(f"v{run}b", "192.0.2.1", (1, f"{run}b"), 1),
        )
        batches = limits.batches
        later = [await limits.check(f"v{run}a", "192.0.2.1", (poll, f"{run}a"), 0) for poll in (2, 3)]
        return first, batches, later

    try:
        first, batches, later = run_in_thread(votes)  # Playwright's loop may run in this thread
    finally:
        client = redis.Redis.from_url(url)
        for key in client.scan_iter(f"*{run}*"):
            client.delete(key)
    assert first == [(0, None), (3, 2), (0, None)]
    assert batches == 1  # three votes, one round trip
    assert later == [(0, None), (1, None)]  # the reader's fourth in a minute is over the limit


@pytest.mark.django_db
def test_reactions_accepted_before_they_were_turned_off_are_not_written(poll):
    from liveblogs.models import LiveBlog

    buffer.add(_pending("post", poll.post_id, "a" * 32, "like"))
    LiveBlog.objects.filter(pk=poll.blog_id).update(reactions_enabled=False)
    buffer.write()
    assert not Reaction.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_vote_on_the_no_javascript_page_is_known_to_the_fast_lanes_voted_already(poll):
    from django.core.cache import cache

    from votes.fastlane import seen_key

    # transaction=True: the key is set after commit, as in a real request.
    actions.vote(poll_id=poll.pk, answer=1, who=actions.Voter(voter="c" * 32))
    assert cache.get(seen_key(poll.pk, "c" * 32)) == 1
