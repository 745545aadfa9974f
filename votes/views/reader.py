"""Readers' side of polls and reactions.

    GET  /votes/voter                 who am I (private): a voter token, my votes and reactions
    GET  /votes/blogs/<slug>/results  every poll's and post's counts (public, cached a second)
    GET  /votes/polls/<id>/           the poll's own page: results now, the form (no JavaScript)
    POST /votes/polls/<id>/           vote (the page's form, or the script)
    GET  /votes/posts/<id>/reactions/ the post's reactions page (no JavaScript)
    POST /votes/posts/<id>/reactions/ react, change or take back

Who votes, and CSRF. A vote counts for the signed-in account, else for the
anonymous voter id in a signed token. Credentials the browser sends by
itself (the session cookie, the /votes/ voter cookie) could be sent by a
form on another site, so a vote that relies on them must carry Django's
CSRF token: the page's own forms here do ({% csrf_token %}: these pages are
private, never cached). The cached reader page holds no token at all: its
poll form is a GET to this page, where the reader confirms. The script
votes with the token in the request body instead, which another site cannot
read, so it needs no CSRF token when anonymous; signed in, it sends the CSRF
token /votes/voter gave it.

An anonymous reader's script vote (JSON with a token, no session cookie)
does not reach these views: the fast lane takes it (votes/fastlane.py). What
comes here is the no-JavaScript form, the signed-in reader, and the script
when the fast lane is off (VOTES_FAST_LANE)."""

import json
from dataclasses import dataclass

from django.core.cache import cache
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import CsrfViewMiddleware, get_token
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_safe

from liveblogs.models import LiveBlog, Post
from newsline.lib.languages import content_language
from votes import actions, limits, results, voters
from votes.models import Poll, PollVote, Reaction

RESULTS_SECONDS = 1


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _csrf_ok(request) -> bool:
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def _data(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except ValueError:
            return {}
        return data if isinstance(data, dict) else {}
    return request.POST


def _who(request, data=None) -> tuple[actions.Voter | None, bool]:
    """The voter of this request, and whether it came from a credential the
    browser sends by itself (which then needs a CSRF token)."""
    if request.user.is_authenticated:
        return actions.Voter(user=request.user), True
    token = (data or {}).get("token") or request.META.get(voters.HEADER)
    voter = voters.voter_from(token if isinstance(token, str) else None)
    if voter:
        return actions.Voter(voter=voter), False
    voter = voters.voter_from(request.COOKIES.get(voters.COOKIE))
    if voter:
        return actions.Voter(voter=voter), True
    return None, False


def _mint(request, response_holder: list) -> actions.Voter | None:
    """A new anonymous voter for this browser (rate limited per address);
    the token goes into a /votes/ cookie on the response."""
    if not voters.may_mint(request):
        return None
    voter, token = voters.new_token()
    response_holder.append(token)
    return actions.Voter(voter=voter)


def _finish(request, response, minted: list):
    if minted:
        voters.set_cookie(response, request, minted[0])
    return _private(response)


@dataclass
class Written:
    """What a reader's vote or reaction came to: who (None if nobody could
    be made out), the status and message for the reader, the request's data,
    and a voter token minted for it (set as the /votes/ cookie)."""

    who: actions.Voter | None
    status: int
    message: str
    data: dict
    minted: list


def _reader_write(request, act, *, confirm: str, again: str) -> Written:
    """The steps every reader's write takes, in order: who (the account, the
    token in the body, the /votes/ cookie, or a new voter for a form without
    one), the CSRF token when the credential is ambient, the limits, then
    `act(who, data)`, which returns the message or raises VoteError."""
    data = _data(request)
    who, ambient = _who(request, data)
    minted: list = []
    if who is None and not _wants_json(request):
        who, ambient = _mint(request, minted), True
        if who is None:
            return Written(None, 429, _("Too many new voters from your network: try again later."), data, minted)
    elif who is None:
        return Written(None, 403, again, data, minted)
    if ambient and not _csrf_ok(request):
        # A form without our token (the cached page's, or another site's):
        # nothing is counted; the reader confirms on the private page.
        return Written(who, 403, confirm, data, minted)
    if (limited := limits.limited(request, who.key)) is not None:
        return Written(who, 429, limited, data, minted)
    try:
        return Written(who, 200, act(who, data), data, minted)
    except actions.AlreadyVoted as e:
        return Written(who, 409, str(e), data, minted)
    except actions.PollClosed as e:
        return Written(who, 403, str(e), data, minted)
    except actions.VoteError as e:
        return Written(who, 400, str(e), data, minted)


@require_safe
def voter(request):
    """Who this browser votes as, and what it chose in one blog (?blog=slug).
    Private and never stored. An anonymous browser without a token gets one
    only with ?new=1 (the script asks when the reader first votes), so
    merely opening a page spends nothing of the address's allowance."""
    who, _ambient = _who(request)
    body: dict = {"polls": {}, "reactions": {}}
    minted: list = []
    if request.user.is_authenticated:
        body["account"] = True
        body["csrf"] = get_token(request)
    elif who is None and request.GET.get("new") == "1":
        who = _mint(request, minted)
        if who is None:
            response = JsonResponse({"error": _("Too many new voters from your network: try again later.")}, status=429)
            return _private(response)
    if who is not None and not request.user.is_authenticated:
        body["token"] = minted[0] if minted else voters.token_for(who.voter)
    slug = request.GET.get("blog", "")
    if who is not None and slug:
        blog_id = LiveBlog.objects.public().filter(slug=slug).values_list("id", flat=True).first()
        if blog_id:
            votes = PollVote.objects.filter(poll__blog_id=blog_id, **who.filter()).values_list("poll_id", "answer")
            body["polls"] = {str(p): a for p, a in votes}
            mine = Reaction.objects.filter(blog_id=blog_id, **who.filter()).values_list("post_id", "kind")
            body["reactions"] = {str(p): k for p, k in mine}
    response = JsonResponse(body)
    if not minted and who is not None and not request.user.is_authenticated and voters.COOKIE not in request.COOKIES:
        voters.set_cookie(response, request, body["token"])
    return _finish(request, response, minted)


def blog_results(blog: LiveBlog) -> dict:
    polls = list(
        Poll.objects.filter(blog=blog).only("id", "answers", "final_counts", "closed_at", "closes_at", "blog_id")
    )
    counts = results.poll_counts([p.pk for p in polls if p.final_counts is None])
    return {
        "polls": [
            {k: v for k, v in results.poll_result(p, counts.get(p.pk, {})).items()}
            for p in polls
        ],
        "reactions": [
            {"post": post_id, "counts": c} for post_id, c in results.reaction_counts(blog_id=blog.pk).items()
        ],
    }


@require_safe
def results_view(request, slug):
    """Every count of a blog, the same for everyone: counted at most once a
    second across processes (the shared cache), and cacheable for a second."""
    blog = get_object_or_404(LiveBlog.objects.public().only("id", "slug"), slug=slug)
    key = f"votes-results:{blog.pk}"
    body = cache.get(key)
    if body is None:
        body = json.dumps(blog_results(blog), separators=(",", ":"), ensure_ascii=False)
        cache.set(key, body, timeout=RESULTS_SECONDS)
    response = HttpResponse(body, content_type="application/json")
    response["Cache-Control"] = f"public, max-age={RESULTS_SECONDS}"
    response.is_public = True
    return response


def _poll_context(poll: Poll, who: actions.Voter | None, **extra) -> dict:
    mine = None
    if who is not None:
        mine = PollVote.objects.filter(poll=poll, **who.filter()).values_list("answer", flat=True).first()
    return {"poll": poll, "post": poll.post, "blog": poll.blog, "result": results.poll_result(poll), "mine": mine,
            "open": poll.is_open(), **extra}


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def poll_page(request, poll_id):
    poll = get_object_or_404(Poll.objects.select_related("blog", "post"), pk=poll_id)
    if poll.blog.status == LiveBlog.Status.DRAFT or poll.post.published_at is None or poll.post.deleted_at is not None:
        raise Http404
    # A page about one blog speaks the blog's language, like its reader page.
    with content_language(poll.blog.language):
        return _poll_page(request, poll)


def _poll_page(request, poll: Poll):
    if request.method != "POST":
        who, _ambient = _who(request)
        chosen = request.GET.get("answer", "")
        context = _poll_context(poll, who, chosen=int(chosen) if chosen.isdigit() else None)
        return _finish(request, render(request, "votes/poll.html", context), [])

    def act(who, data):
        try:
            answer = int(data.get("answer", ""))
        except (TypeError, ValueError):
            raise actions.VoteError(_("Choose one of the answers.")) from None
        actions.vote(poll_id=poll.pk, answer=answer, who=who)
        return _("Thank you: your vote is counted.")

    done = _reader_write(request, act, confirm=_("Confirm your vote below."),
                         again=_("Reload the page, then vote again."))
    try:
        answer = int(done.data.get("answer", ""))
    except (TypeError, ValueError):
        answer = None
    who, status = done.who, done.status
    if _wants_json(request):
        # The script's answer: the counts as last batched (never a count per
        # vote; the next results event brings this vote in within a second).
        if status == 200:
            mine = answer
        else:
            mine = (
                PollVote.objects.filter(poll=poll, **who.filter()).values_list("answer", flat=True).first()
                if who else None
            )
        if status == 403 and poll.final_counts is None:
            poll.refresh_from_db()  # closed meanwhile: its final result
        body = {"ok": status == 200, "message": done.message, "result": results.latest_poll_result(poll),
                "mine": mine}
        return _finish(request, JsonResponse(body, status=status), done.minted)
    poll.refresh_from_db()
    context = _poll_context(poll, who, message=done.message, ok=status == 200, chosen=answer)
    return _finish(request, render(request, "votes/poll.html", context, status=status), done.minted)


def _reactions_context(post: Post, who, **extra) -> dict:
    counts = results.reaction_counts([post.pk])[post.pk]
    mine = Reaction.objects.filter(post=post, **who.filter()).values_list("kind", flat=True).first() if who else None
    return {"post": post, "blog": post.blog, "choices": results.reactions_shape(counts), "mine": mine, **extra}


@csrf_exempt
@require_http_methods(["GET", "HEAD", "POST"])
def reactions_page(request, post_id):
    post = get_object_or_404(Post.objects.visible().select_related("blog"), pk=post_id)
    if post.blog.status == LiveBlog.Status.DRAFT:
        raise Http404
    with content_language(post.blog.language):
        return _reactions_page(request, post)


def _reactions_page(request, post: Post):
    if request.method != "POST":
        who, _ambient = _who(request)
        chosen = request.GET.get("reaction", "")
        context = _reactions_context(post, who, chosen=chosen if chosen in Reaction.Kind.values else "")
        return _finish(request, render(request, "votes/reactions.html", context), [])

    def act(who, data):
        now = actions.react(post=post, kind=data.get("reaction") or None, who=who)
        return _("Your reaction is counted.") if now else _("Your reaction is taken back.")

    done = _reader_write(request, act, confirm=_("Confirm your reaction below."),
                         again=_("Reload the page, then try again."))
    who, status = done.who, done.status
    if _wants_json(request):
        counts = results.reaction_counts([post.pk])[post.pk]
        mine = (
            Reaction.objects.filter(post=post, **who.filter()).values_list("kind", flat=True).first() if who else None
        )
        body = {"ok": status == 200, "message": done.message, "counts": counts, "mine": mine}
        return _finish(request, JsonResponse(body, status=status), done.minted)
    context = _reactions_context(post, who, message=done.message, ok=status == 200,
                                 chosen=done.data.get("reaction") or "")
    return _finish(request, render(request, "votes/reactions.html", context, status=status), done.minted)
