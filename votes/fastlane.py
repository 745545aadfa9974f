"""The page script's votes and reactions in the fast lane: plain ASGI, no
Django request cycle (no middleware, no session, no view), no database on
the hot path.

    POST /votes/polls/<id>/              {"answer": 1, "token": "<signed voter token>"}
    POST /votes/posts/<id>/reactions/    {"reaction": "like", "token": "…"}

Only an anonymous reader's JSON vote comes here: JSON asked for and sent,
no session cookie, a `token` in the body. Everything else (a signed-in
reader, the no-JavaScript form, the confirm page) goes on to Django's view
(votes/views/reader.py), untouched, with the body it sent.

Per vote: the token's signature is checked (HMAC, django.core.signing), the
poll's state comes from a copy held here for VOTES_META_SECONDS, the limits
per reader and per address (the same counters as Django's path) and "has
this voter voted in this poll?" are ONE round trip to Redis (a Lua script),
or counted in this process when there is no Redis; then the vote joins
this process's batch (votes.buffer), written within VOTES_WRITE_SECONDS in
one transaction. The answer says *accepted* ("Your vote is in"), not
counted: the results event a second or two later brings it into the bars.

Like the Django path, this needs no CSRF token: the voter token travels in
a JSON body, which another site can neither read nor send without the
browser's CORS preflight, which nothing here answers."""

import asyncio
import json
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from votes import buffer, voters

log = logging.getLogger(__name__)

MAX_BODY = 4096
SEEN_SECONDS = 3600


def _routes(path: str) -> tuple[str, int] | None:
    # /votes/polls/<id>/ and /votes/posts/<id>/reactions/, by slicing (cheap).
    if path.startswith("/votes/polls/"):
        rest = path[len("/votes/polls/"):]
        if rest.endswith("/") and rest[:-1].isdigit() and len(rest) < 12:
            return "poll", int(rest[:-1])
    elif path.startswith("/votes/posts/") and path.endswith("/reactions/"):
        middle = path[len("/votes/posts/"):-len("/reactions/")]
        if middle.isdigit() and len(middle) < 12:
            return "post", int(middle)
    return None


def match(scope) -> tuple[str, int] | None:
    """(kind, id) when this is a script's anonymous JSON vote; None leaves it to Django."""
    if scope["method"] != "POST" or not settings.VOTES_FAST_LANE:
        return None
    route = _routes(scope["path"])
    if route is None:
        return None
    ctype = accept = cookie = b""
    for key, value in scope["headers"]:
        if key == b"content-type":
            ctype = value
        elif key == b"accept":
            accept = value
        elif key == b"cookie":
            cookie = value
    if not ctype.startswith(b"application/json") or b"application/json" not in accept:
        return None
    if settings.SESSION_COOKIE_NAME.encode() + b"=" in cookie:
        return None  # perhaps signed in: votes by account, with Django's CSRF check
    return route


# What a vote needs to know about its poll or post, held VOTES_META_SECONDS ---------------------


@dataclass
class Meta:
    found: bool
    slug: str = ""
    language: str = ""
    answers: int = 0
    closed: bool = False
    closes_at: float | None = None
    reactions: bool = False
    latest: object = None  # the last batched result (votes.results snapshots), for the answer
    loaded: float = field(default_factory=time.monotonic)


_meta: dict[tuple[str, int], Meta] = {}
_loading: dict[tuple[str, int], asyncio.Future] = {}


def _load(kind: str, obj_id: int) -> Meta:
    from django.core.cache import cache

    from liveblogs.models import LiveBlog, Post
    from votes import results
    from votes.models import Poll

    if kind == "poll":
        poll = Poll.objects.select_related("blog", "post").filter(pk=obj_id).first()
        if (poll is None or poll.blog.status == LiveBlog.Status.DRAFT or poll.post.published_at is None
                or poll.post.deleted_at is not None):
            return Meta(False)
        latest = results.poll_result(poll) if poll.final_counts is not None else cache.get(
            results.snapshot_key("poll", obj_id))
        return Meta(True, poll.blog.slug, poll.blog.language, len(poll.answers), poll.closed_at is not None,
                    poll.closes_at.timestamp() if poll.closes_at else None, latest=latest)
    post = Post.objects.visible().select_related("blog").filter(pk=obj_id).first()
    if post is None or post.blog.status == LiveBlog.Status.DRAFT:
        return Meta(False)
    return Meta(True, post.blog.slug, post.blog.language, reactions=post.blog.reactions_enabled,
                latest=cache.get(results.snapshot_key("post", obj_id)) or {})


async def meta_for(kind: str, obj_id: int) -> Meta:
    key = (kind, obj_id)
    found = _meta.get(key)
    if found is not None and time.monotonic() - found.loaded < settings.VOTES_META_SECONDS:
        return found
    waiting = _loading.get(key)
    if waiting is None:
        from realtime.hub import get_hub

        waiting = asyncio.ensure_future(get_hub()._db(_load, kind, obj_id))
        _loading[key] = waiting
        waiting.add_done_callback(lambda _f: _loading.pop(key, None))
    found = await asyncio.shield(waiting)
    if len(_meta) > 10_000:
        _meta.clear()
    _meta[key] = found
    return found


def forget(kind: str, obj_id: int) -> None:
    """A poll closed or a blog's reactions changed in this process: read it again."""
    _meta.pop((kind, obj_id), None)


# Limits and "voted already": one Redis round trip, or this process's counters --------------

# Checks for every vote that arrived in one turn of the event loop go to
# Redis together, as ONE script call: under a flood that is one round trip
# for tens of votes. KEYS, per vote: reader counter, address counter[, seen].
# ARGV: reader limit, address limit, window, seen seconds, then per vote its
# number of keys and its answer. Returns per vote {0} (go), {1} reader over,
# {2} address over, {3, earlier answer} voted already. As Django's path
# (newsline.lib.ratelimit), a reader over the limit is not counted again
# against the address.
_SCRIPT = """
local out = {}
local k = 1
local n = (#ARGV - 4) / 2
for v = 1, n do
  local nk = tonumber(ARGV[3 + 2 * v])
  local res = {0}
  local r = redis.call('INCR', KEYS[k])
  if r == 1 then redis.call('EXPIRE', KEYS[k], ARGV[3]) end
  if r > tonumber(ARGV[1]) then
    res = {1}
  else
    local a = redis.call('INCR', KEYS[k + 1])
    if a == 1 then redis.call('EXPIRE', KEYS[k + 1], ARGV[3]) end
    if a > tonumber(ARGV[2]) then
      res = {2}
    elseif nk == 3 then
      local prev = redis.call('GET', KEYS[k + 2])
      if prev then
        res = {3, prev}
      else
        redis.call('SET', KEYS[k + 2], ARGV[4 + 2 * v], 'EX', ARGV[4])
      end
    end
  end
  out[v] = res
  k = k + nk
end
return out
"""
MAX_BATCH = 500


def seen_key(poll_id: int, voter: str) -> str:
    """The shared cache's "this voter voted in this poll" (its answer), set by
    both paths (votes.actions.vote for the no-JS page)."""
    return f"votes-seen:{poll_id}:{voter}"


class Limits:
    """Counts a vote against the reader's and the address's limits (Django's
    path counts into the same Redis keys) and remembers (poll, voter)."""

    def __init__(self):
        self._redis = None
        self._script = None
        self._loop = None
        self._queue: list[tuple[list, object, asyncio.Future]] = []
        self._tasks: set[asyncio.Task] = set()
        self._windows: dict[str, tuple[float, int]] = {}
        self._seen: dict[tuple[int, str], int] = {}
        self.batches = 0  # script calls made (each carries one or more votes)

    def _client(self):
        loop = asyncio.get_running_loop()
        if self._redis is None or self._loop is not loop:
            from newsline.lib import redis_clients

            self._redis = redis_clients.client()  # this loop's, shared with the analytics beacon
            self._script = self._redis.register_script(_SCRIPT)
            self._loop = loop
            self._queue = []
        return self._script

    def seen(self, poll_id: int, voter: str) -> int | None:
        return self._seen.get((poll_id, voter))

    def remember(self, poll_id: int, voter: str, answer: int) -> None:
        if len(self._seen) >= 500_000:
            for key in list(self._seen)[:100_000]:  # the oldest fifth
                del self._seen[key]
        self._seen[(poll_id, voter)] = answer

    async def check(self, who: str, ip: str, poll_voter: tuple[int, str] | None, answer) -> tuple[int, object]:
        if settings.REDIS_URL:
            from django.core.cache import cache

            keys = [cache.make_key(f"ratelimit:votes-reader-60:{who}"), cache.make_key(f"ratelimit:votes-ip-60:{ip}")]
            if poll_voter is not None:
                keys.append(cache.make_key(seen_key(*poll_voter)))
            try:
                script = self._client()
                future = self._loop.create_future()
                self._queue.append((keys, answer, future))
                if len(self._queue) == 1:
                    # After every handler of this turn of the loop has queued its vote.
                    self._loop.call_soon(self._send, script)
                found = await future
                return int(found[0]), (int(found[1]) if len(found) > 1 else None)
            except Exception as exc:  # as newsline.lib.ratelimit: an outage of the counters stops no vote
                log.warning("votes: Redis unavailable (%s): counted in this process", type(exc).__name__)
        if self._over(f"r:{who}", settings.VOTES_PER_READER_PER_MINUTE):
            return 1, None
        if self._over(f"a:{ip}", settings.VOTES_PER_ADDRESS_PER_MINUTE):
            return 2, None
        return 0, None

    def _send(self, script) -> None:
        queue, self._queue = self._queue, []
        for start in range(0, len(queue), MAX_BATCH):
            task = asyncio.ensure_future(self._run(script, queue[start:start + MAX_BATCH]))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)

    async def _run(self, script, batch) -> None:
        keys: list = []
        args: list = [settings.VOTES_PER_READER_PER_MINUTE, settings.VOTES_PER_ADDRESS_PER_MINUTE, 60, SEEN_SECONDS]
        for vote_keys, answer, _future in batch:
            keys += vote_keys
            args += [len(vote_keys), answer if answer is not None else ""]
        try:
            self.batches += 1
            found = await script(keys=keys, args=args)
        except Exception as exc:
            for _keys, _answer, future in batch:
                if not future.done():
                    future.set_exception(exc)
            return
        for (_keys, _answer, future), one in zip(batch, found):
            if not future.done():
                future.set_result(one)

    def _over(self, key: str, limit: int) -> bool:
        now = time.monotonic()
        ends, count = self._windows.get(key, (0.0, 0))
        if now >= ends:
            ends, count = now + 60, 0
            if len(self._windows) > 100_000:
                self._windows = {k: v for k, v in self._windows.items() if v[0] > now}
        self._windows[key] = (ends, count + 1)
        return count + 1 > limit


limits = Limits()


def client_ip(scope, headers: dict) -> str:
    """The address Django's path limits by (community.limits.client_ip, which
    is allauth's rule: TRUSTED_CLIENT_IP_HEADER, else the address
    TRUSTED_PROXY_COUNT hops back in X-Forwarded-For, else the peer), without
    building a request for it."""
    from allauth import app_settings as allauth_settings
    from allauth.core.internal.httpkit import clean_client_ip

    ip = None
    header = allauth_settings.TRUSTED_CLIENT_IP_HEADER
    if header:
        value = headers.get(header.lower().encode("latin-1"))
        ip = value.decode("latin-1").strip() if value else None
    else:
        count = allauth_settings.TRUSTED_PROXY_COUNT
        xff = headers.get(b"x-forwarded-for")
        if count > 0 and xff:
            hops = xff.decode("latin-1").split(",")
            ip = hops[-count].strip() if len(hops) >= count else None
    ip = clean_client_ip(ip) if ip else None
    if not ip:  # community.limits.client_ip's fallback
        ip = (scope.get("client") or ("unknown",))[0]
    return ip


# The handler ------------------------------------------------------------------------------------


async def _reply(send, status: int, body: dict):
    data = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status, "headers": [
        (b"content-type", b"application/json"), (b"content-length", b"%d" % len(data)),
        (b"cache-control", b"private, no-store"), (b"x-content-type-options", b"nosniff"),
    ]})
    await send({"type": "http.response.body", "body": data})


async def _read_body(receive) -> bytes | None:
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return b""
        chunks.append(chunk)
        if not message.get("more_body"):
            return b"".join(chunks)


async def handle(scope, receive, send, matched, django_app):
    kind, obj_id = matched
    body = await _read_body(receive)
    if body is None:
        return
    try:
        data = json.loads(body) if body else None
    except ValueError:
        data = None
    if not isinstance(data, dict) or not isinstance(data.get("token"), str):
        # Not a token vote (or not JSON): Django's view answers, with the body as sent.
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": body or b"", "more_body": False}
            return await receive()

        await django_app(scope, replay, send)
        return
    meta = await meta_for(kind, obj_id)
    language = meta.language or settings.LANGUAGE_CODE
    with translation.override(language):
        status, answer = await _vote(scope, kind, obj_id, meta, data)
    await _reply(send, status, answer)


async def _vote(scope, kind: str, obj_id: int, meta: Meta, data: dict) -> tuple[int, dict]:
    is_poll = kind == "poll"

    def no(status, message, mine=None, latest=None):
        if is_poll:
            return status, {"ok": False, "accepted": False, "message": message, "result": latest, "mine": mine}
        return status, {"ok": False, "accepted": False, "message": message, "counts": latest or {}, "mine": mine}

    if not meta.found:
        return no(404, _("There is no such poll.") if is_poll else _("There is no such update."))
    voter = voters.voter_from(data["token"])
    if voter is None:
        return no(403, _("Your voter token is not valid or has expired: reload the page, then vote again."))
    if is_poll:
        choice = data.get("answer")
        if type(choice) is str and choice.isdigit():
            choice = int(choice)
        if meta.closed or (meta.closes_at is not None and meta.closes_at <= time.time()):
            return no(403, _("This poll has closed: no more votes are counted."), latest=meta.latest)
        if type(choice) is not int or not 0 <= choice < meta.answers:
            return no(400, _("Choose one of the answers."))
        before = limits.seen(obj_id, voter)
        if before is not None:
            return no(409, _("You have already voted in this poll: each reader votes once."), before, meta.latest)
    else:
        from votes.models import Reaction

        choice = data.get("reaction") or ""
        if not meta.reactions:
            return no(400, _("Reactions are turned off on this live blog."))
        if choice and choice not in Reaction.Kind.values:
            return no(400, _("Choose one of the reactions."))
    if buffer.backlog() >= settings.VOTES_MAX_PENDING:
        return no(503, _("Too many votes are waiting to be written: try again in a moment."))
    headers = dict(scope["headers"])
    verdict, before = await limits.check(f"v{voter}", client_ip(scope, headers),
                                         (obj_id, voter) if is_poll else None, choice)
    if verdict == 1:
        return no(429, _("You are voting very quickly: wait a moment, then try again."))
    if verdict == 2:
        return no(429, _("Too many votes from your network in the last minute: wait a moment, then try again."))
    if verdict == 3:
        return no(409, _("You have already voted in this poll: each reader votes once."), before, meta.latest)
    if not buffer.add(buffer.Pending(kind, obj_id, voter, choice, meta.slug, time.time())):
        return no(503, _("Too many votes are waiting to be written: try again in a moment."))
    if is_poll:
        limits.remember(obj_id, voter, choice)
        return 200, {"ok": True, "accepted": True, "mine": choice, "result": meta.latest,
                     "message": _("Your vote is in: the results include it within a few seconds.")}
    return 200, {"ok": True, "accepted": True, "mine": choice or None, "counts": meta.latest or {},
                 "message": _("Your reaction is in.") if choice else _("Your reaction is taken back.")}
