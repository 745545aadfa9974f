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
token /votes/voter gave it."""

import json

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
    minted: list = []
    if request.method != "POST":
        who, _ambient = _who(request)
        chosen = request.GET.get("answer", "")
        context = _poll_context(poll, who, chosen=int(chosen) if chosen.isdigit() else None)
        return _finish(request, render(request, "votes/poll.html", context), minted)

    data = _data(request)
    who, ambient = _who(request, data)
    as_json = _wants_json(request)
    status, message = 200, ""
    try:
        answer = int(data.get("answer", ""))
    except (TypeError, ValueError):
        answer = None
    if who is None and not as_json:
        who, ambient = _mint(request, minted), True
        if who is None:
            status, message = 429, _("Too many new voters from your network: try again later.")
    elif who is None:
        status, message = 403, _("Reload the page, then vote again.")
    if status == 200:
        if ambient and not _csrf_ok(request):
            # A form without our token (the cached page's, or another site's): nothing is counted;
            # the reader confirms here.
            status, message = 403, _("Confirm your vote below.")
        elif (limited := limits.limited(request, who.key)) is not None:
            status, message = 429, limited
        elif answer is None:
            status, message = 400, _("Choose one of the answers.")
        else:
            try:
                actions.vote(poll_id=poll.pk, answer=answer, who=who)
                message = _("Thank you: your vote is counted.")
            except actions.AlreadyVoted as e:
                status, message = 409, str(e)
            except actions.PollClosed as e:
                status, message = 403, str(e)
            except actions.VoteError as e:
                status, message = 400, str(e)
    if as_json:
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
        body = {"ok": status == 200, "message": message, "result": results.latest_poll_result(poll), "mine": mine}
        return _finish(request, JsonResponse(body, status=status), minted)
    poll.refresh_from_db()
    context = _poll_context(poll, who, message=message, ok=status == 200, chosen=answer)
    return _finish(request, render(request, "votes/poll.html", context, status=status), minted)


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
    minted: list = []
    if request.method != "POST":
        who, _ambient = _who(request)
        chosen = request.GET.get("reaction", "")
        context = _reactions_context(post, who, chosen=chosen if chosen in Reaction.Kind.values else "")
        return _finish(request, render(request, "votes/reactions.html", context), minted)

    data = _data(request)
    who, ambient = _who(request, data)
    as_json = _wants_json(request)
    kind = data.get("reaction") or None
    status, message = 200, ""
    if who is None and not as_json:
        who, ambient = _mint(request, minted), True
        if who is None:
            status, message = 429, _("Too many new voters from your network: try again later.")
    elif who is None:
        status, message = 403, _("Reload the page, then try again.")
    if status == 200:
        if ambient and not _csrf_ok(request):
            status, message = 403, _("Confirm your reaction below.")
        elif (limited := limits.limited(request, who.key)) is not None:
            status, message = 429, limited
        else:
            try:
                now = actions.react(post=post, kind=kind, who=who)
                message = _("Your reaction is counted.") if now else _("Your reaction is taken back.")
            except actions.VoteError as e:
                status, message = 400, str(e)
    if as_json:
        counts = results.reaction_counts([post.pk])[post.pk]
        mine = (
            Reaction.objects.filter(post=post, **who.filter()).values_list("kind", flat=True).first() if who else None
        )
        body = {"ok": status == 200, "message": message, "counts": counts, "mine": mine}
        return _finish(request, JsonResponse(body, status=status), minted)
    context = _reactions_context(post, who, message=message, ok=status == 200, chosen=kind or "")
    return _finish(request, render(request, "votes/reactions.html", context, status=status), minted)

