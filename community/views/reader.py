"""The forum under a live blog.

- `thread`: the published comments as an HTML fragment, the same bytes for
  everyone (no session read, public cache, ETag from the comments head);
- `mine`: private JSON for the script: the composer with its CSRF token,
  what this reader liked, wrote, muted, and may do;
- `page`: the plain, uncached page for readers without JavaScript, where
  they read and post too;
- writes: post, edit, delete, like, report (POST, CSRF, rate limited)."""

from django.conf import settings
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from community import access, actions, limits, spam
from community.forms import CommentForm, EditForm, ReportForm
from community.models import BlogFollow, Comment, CommentEvent, Follow, Like, Mute, Thread
from community.views.common import json_error, private, sign_in_url, speak_blog_language, wants_json
from liveblogs.models import LiveBlog
from newsline.lib.conditional import etag_matches

PAGE_SIZE = 20
SORTS = {
    "newest": ("-created_at", "-id"),
    "oldest": ("created_at", "id"),
    "liked": ("-like_count", "-created_at", "-id"),
}


def _blog(slug) -> LiveBlog:
    blog = get_object_or_404(LiveBlog.objects.public(), slug=slug)
    speak_blog_language(blog)
    return blog


def _thread(blog) -> Thread:
    thread = Thread.objects.filter(blog=blog).first() or Thread(blog=blog)
    thread.blog = blog  # no second query for the blog
    return thread


def thread_page(blog, *, sort: str, page: int) -> dict:
    """One page of top-level comments with their published replies: one
    query per level of depth, whatever the number of comments."""
    published = Comment.objects.published().filter(blog=blog).for_cards()
    roots_qs = published.filter(parent=None).order_by(*SORTS[sort])
    start = (page - 1) * PAGE_SIZE
    roots = list(roots_qs[start : start + PAGE_SIZE + 1])
    has_more = len(roots) > PAGE_SIZE
    roots = roots[:PAGE_SIZE]
    level = roots
    for c in roots:
        c.children = []
    for _ in range(settings.COMMUNITY_MAX_DEPTH - 1):
        if not level:
            break
        by_id = {c.pk: c for c in level}
        level = list(published.filter(parent_id__in=list(by_id)).order_by("created_at", "id"))
        for c in level:
            c.children = []
            by_id[c.parent_id].children.append(c)
    return {"comments": roots, "has_more": has_more, "next_page": page + 1, "sort": sort}


def _sort_and_page(request) -> tuple[str, int]:
    sort = request.GET.get("sort", "newest")
    if sort not in SORTS:
        sort = "newest"
    page = request.GET.get("page", "1")
    page = int(page) if page.isdigit() and 0 < int(page) < 10_000 else 1
    return sort, page


@require_safe
def thread(request, slug):
    """Public fragment: never reads the session, so every reader shares it."""
    blog = _blog(slug)
    t = _thread(blog)
    sort, page = _sort_and_page(request)
    # The blog's language is in the tag: changing it on Edit details re-renders the fragment.
    etag = f'"{t.epoch}-{t.head_seq}-{settings.RENDER_VERSION}-{blog.language}-{sort}-{page}"'
    if etag_matches(request.headers.get("If-None-Match"), etag):
        response = HttpResponseNotModified()
    else:
        context = {"blog": blog, "thread": t, **thread_page(blog, sort=sort, page=page)}
        response = render(request, "community/_thread.html", context)
    response["ETag"] = etag
    response["Cache-Control"] = (
        f"public, max-age={settings.READER_CACHE_MAX_AGE}, stale-while-revalidate={settings.READER_CACHE_SWR}"
    )
    response.is_public = True
    return response


@require_safe
def updates(request, slug):
    """Comment events after ?after=N as JSON, the same for everyone: the
    script's catch-up when the blog's stream is not available (polling)."""
    blog = _blog(slug)
    t = _thread(blog)
    after = request.GET.get("after", "")
    after = int(after) if after.isdigit() else t.head_seq
    limit = settings.REALTIME_UPDATES_LIMIT
    payloads = list(
        CommentEvent.objects.filter(blog=blog, seq__gt=after).order_by("seq").values_list("payload", flat=True)[:limit]
    )
    body = '{"epoch":%d,"head":%d,"events":[%s]}' % (t.epoch, t.head_seq, ",".join(payloads))
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = f'"{t.epoch}-{t.head_seq}-{after}"'
    response["Cache-Control"] = (
        f"public, max-age={settings.READER_CACHE_MAX_AGE}, stale-while-revalidate={settings.READER_CACHE_SWR}"
    )
    response.is_public = True
    return response


@require_safe
def counts(request):
    """Comment counts for the front page: ?blogs=slug,slug (at most 50)."""
    slugs = [s for s in request.GET.get("blogs", "").split(",") if s][:50]
    rows = Thread.objects.filter(blog__slug__in=slugs, blog__status__in=["live", "ended"]).values_list(
        "blog__slug", "comment_count"
    )
    found = dict(rows)
    response = JsonResponse({"counts": {s: found.get(s, 0) for s in slugs}})
    response["Cache-Control"] = f"public, max-age={max(settings.READER_CACHE_MAX_AGE, 30)}"
    response.is_public = True
    return response


@require_safe
@never_cache
def mine(request, slug):
    """Private: what the script needs to make the forum personal."""
    blog = _blog(slug)
    t = _thread(blog)
    user = request.user
    data = {"authenticated": user.is_authenticated, "open": t.accepts_comments, "closed_reason": t.closed_reason}
    if not user.is_authenticated:
        data["sign_in_url"] = sign_in_url(f"/live/{slug}/")
        return private(JsonResponse(data))
    can = access.can_comment(user)
    data.update(
        {
            "user_id": user.pk,
            "name": user.byline,
            "can_comment": can,
            "needs_verification": not can and user.is_active,
            "can_moderate": access.can_moderate(user),
            "can_promote": access.can_promote(user),
            "liked": list(Like.objects.filter(user=user, comment__blog=blog).values_list("comment_id", flat=True)),
            # Own comments: when each was written, and the text of those still editable.
            "mine": {
                str(c.pk): {
                    "created": c.created_at.isoformat(),
                    "body": c.body if access.can_edit_comment(user, c) else None,
                }
                for c in Comment.objects.filter(author=user, blog=blog)
                .exclude(status=Comment.Status.DELETED)
                .only("pk", "created_at", "body", "author_id", "status")
            },
            "pending": [
                {
                    "id": c.pk,
                    "parent": c.parent_id,
                    "html": render_to_string("community/_comment.html", {"c": c, "own_pending": True}),
                }
                for c in Comment.objects.filter(author=user, blog=blog, status=Comment.Status.PENDING).for_cards()[:20]
            ],
            "muted": list(Mute.objects.filter(muter=user).values_list("muted_id", flat=True)),
            "following": list(Follow.objects.filter(follower=user).values_list("followee_id", flat=True)[:5000]),
            "edit_seconds": settings.COMMUNITY_EDIT_WINDOW_SECONDS,
            "follows_key_events": BlogFollow.objects.filter(user=user, blog=blog).exists(),
            "csrf": get_token(request),
        }
    )
    # A banned or suspended reader is told why up front, not after writing a comment.
    standing = actions.standing_of(user)
    blocked = ""
    if standing is not None and standing.banned:
        if standing.ban_reason:
            blocked = gettext("Your account is banned from commenting: %(reason)s") % {"reason": standing.ban_reason}
        else:
            blocked = gettext("Your account is banned from commenting.")
    elif standing is not None and standing.is_suspended():
        from community.pipeline.suspended_user import suspended_message

        blocked = suspended_message(standing)
    data["blocked"] = blocked
    if can and t.accepts_comments and not blocked:
        data["composer"] = render_to_string(
            "community/_composer.html", {"blog": blog, "form": CommentForm(), "csrf_token": data["csrf"]}
        )
    return private(JsonResponse(data))


@never_cache
def page(request, slug):
    """The forum without JavaScript: read, post, reply, like, delete."""
    blog = _blog(slug)
    t = _thread(blog)
    if request.method == "POST":
        return post(request, slug)
    if request.method not in ("GET", "HEAD"):
        return json_error(gettext("Method not allowed."), 405)
    sort, page_no = _sort_and_page(request)
    user = request.user
    reply_to = None
    reply_id = request.GET.get("reply", "")
    if reply_id.isdigit():
        reply_to = Comment.objects.published().filter(blog=blog, pk=int(reply_id)).select_related("author").first()
    context = {
        "blog": blog,
        "thread": t,
        **thread_page(blog, sort=sort, page=page_no),
        "can_comment": access.can_comment(user),
        "reply_to": reply_to,
        "nojs": True,
        "form": CommentForm(initial={"parent": reply_to.pk if reply_to else ""}),
        "sign_in_url": sign_in_url(request.get_full_path()),
        "liked": set(Like.objects.filter(user=user, comment__blog=blog).values_list("comment_id", flat=True))
        if user.is_authenticated else set(),
        "own_pending": Comment.objects.filter(author=user, blog=blog, status=Comment.Status.PENDING)
        if user.is_authenticated else [],
    }
    return private(render(request, "community/page.html", context))


@require_POST
def post(request, slug):
    blog = _blog(slug)
    user = request.user
    form = CommentForm(request.POST)

    def fail(message, status=400):
        if wants_json(request):
            return json_error(message, status)
        t = _thread(blog)
        context = {"blog": blog, "thread": t, **thread_page(blog, sort="newest", page=1), "form": form,
                   "can_comment": access.can_comment(user), "error": message, "nojs": True,
                   "sign_in_url": sign_in_url(request.get_full_path()), "liked": set(), "own_pending": []}
        return private(render(request, "community/page.html", context, status=status))

    if not user.is_authenticated:
        return fail(gettext("Sign in to comment."), 403)
    if not access.can_comment(user):
        return fail(
            gettext("Verify your email address before you comment: we sent you a link when you signed up."), 403
        )
    if not form.is_valid():
        return fail(" ".join(m for errors in form.errors.values() for m in errors))
    parent = None
    if form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=form.cleaned_data["parent"], blog=blog).first()
        if parent is None:
            return fail(gettext("The comment you are replying to is not in this thread."))
    message = limits.limited("comment", user, request)
    if message:
        return fail(message, 429)
    try:
        comment = actions.post_comment(blog=blog, by=user, body=form.cleaned_data["body"], parent=parent,
                                       client=spam.client_of(request, reply=parent is not None))
    except actions.CommentError as exc:
        return fail(str(exc))
    notice = {
        Comment.Status.PUBLISHED: gettext("Your comment is published."),
        Comment.Status.PENDING: gettext("Thanks: your comment will appear once a moderator has approved it."),
        # The pipeline stores its reasons in English; shown in the reader's language.
        Comment.Status.REJECTED: gettext("Your comment was not published. %(reason)s") % {
            "reason": gettext(comment.rejection_reason) if comment.rejection_reason else ""},
    }[comment.status]
    if wants_json(request):
        comment = Comment.objects.for_cards().get(pk=comment.pk)
        html = render_to_string("community/_comment.html", {"c": comment, "own_pending": comment.status == "pending"})
        return private(JsonResponse({"ok": comment.status != "rejected", "status": comment.status, "message": notice,
                                     "comment": {"id": comment.pk, "parent": comment.parent_id, "html": html}}))
    from django.contrib import messages

    messages.info(request, notice)
    return redirect(f"/live/{slug}/comments/#comment-{comment.pk}")


def _own_comment(request, pk) -> Comment:
    comment = get_object_or_404(Comment.objects.select_related("blog", "author"), pk=pk)
    speak_blog_language(comment.blog)
    return comment


def _done(request, comment, payload: dict | None = None, message: str = ""):
    if wants_json(request):
        return private(JsonResponse({"ok": True, "message": message, **(payload or {})}))
    if message:
        from django.contrib import messages

        messages.info(request, message)
    return redirect(f"/live/{comment.blog.slug}/comments/#comment-{comment.pk}")


def _refuse(request, comment, message, status=400):
    if wants_json(request):
        return json_error(message, status)
    from django.contrib import messages

    messages.error(request, message)
    return redirect(f"/live/{comment.blog.slug}/comments/#comment-{comment.pk}")


@require_POST
def like(request, pk):
    comment = _own_comment(request, pk)
    if not request.user.is_authenticated:
        return _refuse(request, comment, gettext("Sign in to like comments."), 403)
    message = limits.limited("like", request.user, request)
    if message:
        return _refuse(request, comment, message, 429)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            comment = actions.unlike_comment(comment=comment, by=request.user)
        else:
            comment = actions.like_comment(comment=comment, by=request.user)
    except actions.CommentError as exc:
        return _refuse(request, comment, str(exc), 403)
    return _done(request, comment, {"likes": comment.like_count, "liked": not undo})


@require_POST
def edit(request, pk):
    comment = _own_comment(request, pk)
    if not access.can_edit_comment(request.user, comment):
        return _refuse(
            request, comment,
            gettext("Comments can only be edited by their author, for a few minutes after posting."), 403,
        )
    form = EditForm(request.POST)
    if not form.is_valid():
        return _refuse(request, comment, " ".join(m for errors in form.errors.values() for m in errors))
    message = limits.limited("edit", request.user, request)
    if message:
        return _refuse(request, comment, message, 429)
    try:
        comment = actions.edit_comment(comment=comment, by=request.user, body=form.cleaned_data["body"])
    except actions.CommentError as exc:
        return _refuse(request, comment, str(exc))
    comment = Comment.objects.for_cards().get(pk=comment.pk)
    html = render_to_string("community/_comment.html", {"c": comment, "own_pending": comment.status == "pending"})
    return _done(request, comment, {"comment": {"id": comment.pk, "html": html}}, gettext("Your comment is updated."))


@require_POST
def delete(request, pk):
    comment = _own_comment(request, pk)
    if not access.can_delete_comment(request.user, comment):
        return _refuse(request, comment, gettext("You can only delete your own comments."), 403)
    actions.delete_comment(comment=comment, by=request.user)
    return _done(request, comment, {"deleted": comment.pk}, gettext("Your comment is deleted."))


@require_POST
def report(request, pk):
    comment = _own_comment(request, pk)
    if not access.can_react(request.user, comment):
        return _refuse(request, comment, gettext("Sign in with a verified email address to report comments."), 403)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _refuse(request, comment, gettext("Choose a reason for the report."))
    message = limits.limited("report", request.user, request)
    if message:
        return _refuse(request, comment, message, 429)
    try:
        actions.report_comment(comment=comment, by=request.user, **form.cleaned_data)
    except actions.CommentError as exc:
        return _refuse(request, comment, str(exc))
    return _done(request, comment, message=gettext("Thank you: a moderator will look at this comment."))


@require_POST
def key_events(request, slug):
    """Follow (or, with undo=1, stop following) a blog's key events."""
    blog = _blog(slug)
    if not request.user.is_authenticated:
        return json_error(gettext("Sign in to follow key events."), 403)
    message = limits.limited("follow", request.user, request)
    if message:
        return json_error(message, 429)
    undo = request.POST.get("undo") == "1"
    try:
        if undo:
            actions.unfollow_blog(user=request.user, blog=blog)
        else:
            actions.follow_blog(user=request.user, blog=blog)
    except actions.CommentError as exc:
        return json_error(str(exc), 403)
    text = gettext("You will no longer be alerted.") if undo else gettext(
        "You will be alerted when an editor marks a key event.")
    if wants_json(request):
        return private(JsonResponse({"ok": True, "following": not undo, "message": text}))
    from django.contrib import messages

    messages.info(request, text)
    return redirect(f"/live/{slug}/comments/")
