"""The REST API, /api/v1/ (django-ninja; OpenAPI at /api/v1/openapi.json,
reference at /api/v1/docs). docs/api.md describes it for its users.

Reads are public (a token with the read scope also sees drafts its owner may
see in the desk). Writes need a token with the post or edit scope and go
through liveblogs.actions with the desk's own permission gates, so they are
sanitised, audited and reach open pages like any desk change. Every error is
application/problem+json; every GET answers with an ETag and honours
If-None-Match."""

import hashlib
import json
import logging
import re

from django.conf import settings
from django.db import DatabaseError
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.urls import reverse
from django.utils.html import linebreaks
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from ninja import Header, NinjaAPI, Path, Query, Status
from ninja.errors import AuthenticationError, HttpError, Throttled, ValidationError
from ninja.openapi.docs import DocsBase
from ninja.security import HttpBearer
from ninja.throttling import BaseThrottle

from distribution import access
from distribution import search as search_index
from distribution.actions import find_api_token
from distribution.api_schemas import (
    MAX_ID,
    SLUG_PATTERN,
    BlogDetail,
    BlogPage,
    EventsOut,
    PostIn,
    PostOut,
    PostPage,
    PostPatch,
    Problem,
    SearchOut,
    TopicOut,
)
from distribution.models import ApiToken
from distribution.topics import public_topics
from liveblogs import access as desk_access
from liveblogs import actions, idempotency
from liveblogs.models import BlogEvent, LiveBlog, Post, card_prefetches
from liveblogs.timeline import older_than, parse_cursor
from newsline.lib.conditional import etag_matches
from newsline.lib.ratelimit import over_limit

log = logging.getLogger(__name__)

PAGE_DEFAULT = 20
PAGE_MAX = 100
EVENTS_MAX = 200
# Requests a minute: reads without a token (per address), with a token, and writes.
READ_LIMIT_ANONYMOUS = 120
READ_LIMIT_TOKEN = 600
WRITE_LIMIT = 60
LIMIT_WINDOW = 60

ANONYMOUS = object()
_MARKUP = re.compile(r"</?[a-zA-Z][^>]*>")


# Auth and rate limits ---------------------------------------------------------


class TokenAuth(HttpBearer):
    """`Authorization: Bearer nl_…`: the token, or 401."""

    def authenticate(self, request, token):
        return find_api_token(token)


class OptionalTokenAuth(TokenAuth):
    """Reads: no Authorization header is fine; a bad one is still a 401."""

    def __call__(self, request):
        if not request.headers.get("Authorization"):
            return ANONYMOUS
        return super().__call__(request)


class PerTokenThrottle(BaseThrottle):
    """Fixed windows in Django's cache (newsline.lib.ratelimit): writes per
    token, reads per token or, without one, per client address."""

    def __init__(self, *, write: bool):
        self.write = write

    def allow_request(self, request):
        token = getattr(request, "auth", None)
        if isinstance(token, ApiToken):
            who, limit = f"t{token.pk}", WRITE_LIMIT if self.write else READ_LIMIT_TOKEN
        else:
            who, limit = f"a{self.get_ident(request)}", READ_LIMIT_ANONYMOUS
        bucket = "api-write" if self.write else "api-read"
        return not over_limit(bucket, who, limit=limit, per_seconds=LIMIT_WINDOW)

    def wait(self):
        return LIMIT_WINDOW


# The API object: problem+json errors, ETags ------------------------------------


class ReferenceDocs(DocsBase):
    """A server-rendered reference built from the OpenAPI document: no
    script or stylesheet from elsewhere (the site's CSP allows none)."""

    def render_page(self, request, api, **kwargs):
        schema = api.get_openapi_schema()
        operations = []
        for path, methods in schema["paths"].items():
            for method, op in methods.items():
                operations.append({
                    "method": method.upper(), "path": path, "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": op.get("parameters", []),
                    "auth": bool(op.get("security")) and method != "get",
                    "responses": sorted(op.get("responses", {})),
                })
        context = {
            "operations": operations,
            "openapi_url": reverse("api-v1:openapi-json"),
            "title": schema["info"]["title"],
        }
        return render(request, "distribution/api_docs.html", context)


class NewslineAPI(NinjaAPI):
    def create_response(self, request, data, *, status=None, temporal_response=None):
        response = super().create_response(request, data, status=status, temporal_response=temporal_response)
        if getattr(request, "idempotent_replay", False):
            response["Idempotent-Replayed"] = "true"
        if request.method in ("GET", "HEAD") and response.status_code == 200:
            etag = '"%s"' % hashlib.sha256(response.content).hexdigest()[:32]
            response["ETag"] = etag
            response["Vary"] = "Authorization"
            if isinstance(getattr(request, "auth", None), ApiToken):
                response["Cache-Control"] = "private, no-cache"
            else:
                response["Cache-Control"] = f"public, max-age={settings.READER_CACHE_MAX_AGE}"
                response.is_public = True  # no session cookie on a shared answer
            if etag_matches(request.headers.get("If-None-Match"), etag):
                not_modified = HttpResponseNotModified()
                for header in ("ETag", "Vary", "Cache-Control"):
                    not_modified[header] = response[header]
                not_modified.is_public = getattr(response, "is_public", False)
                return not_modified
        return response


api = NewslineAPI(
    title=f"{settings.NEWSROOM_NAME} API",
    version="1",
    description="Live blogs, their posts and events; search; and writing posts with a desk API token.",
    urls_namespace="api-v1",
    docs=ReferenceDocs(),
    docs_url="/docs",
    openapi_url="/openapi.json",
)

# problem+json titles and details are for people: in the site's language.
TITLES = {400: _("Bad request"), 401: _("Not signed in"), 403: _("Not allowed"), 404: _("Not found"),
          405: _("Method not allowed"), 409: _("Conflict"), 410: _("Gone"), 422: _("Invalid input"),
          429: _("Too many requests"), 500: _("Server error"), 503: _("Service unavailable")}


def problem(status: int, detail: str, *, errors=None) -> HttpResponse:
    title = str(TITLES.get(status, _("Error")))
    body = {"type": "about:blank", "title": title, "status": status, "detail": str(detail)}
    if errors is not None:
        body["errors"] = errors
    return HttpResponse(json.dumps(body, default=str), status=status, content_type="application/problem+json")


def _validation_errors(exc: ValidationError) -> list[dict]:
    out = []
    for error in exc.errors:
        loc = [str(part) for part in error.get("loc", ())]
        where, path = (loc[0], loc[1:]) if loc else ("", [])
        if where == "body" and path[:1] == ["payload"]:
            path = path[1:]  # the view's argument name means nothing to a client
        message = error.get("msg", "").removeprefix("Value error, ")
        out.append({"field": ".".join(path), "in": where, "message": message})
    return out


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = _validation_errors(exc)
    first = errors[0] if errors else {"field": "", "message": "invalid"}
    detail = f"{first['field'] or 'input'}: {first['message']}" if first["field"] else first["message"]
    return problem(422, detail, errors=errors)


@api.exception_handler(Throttled)
def _throttled(request, exc):
    response = problem(429, gettext("Too many requests; wait %(n)d seconds and try again.") % {"n": LIMIT_WINDOW})
    response["Retry-After"] = str(LIMIT_WINDOW)
    return response


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    response = problem(401, gettext("Send a valid API token: Authorization: Bearer nl_…  (create one in the desk)."))
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return problem(exc.status_code, str(exc))


@api.exception_handler(Http404)
def _not_found(request, exc):
    return problem(404, str(exc) or gettext("Nothing here."))


@api.exception_handler(actions.EditConflict)
def _conflict(request, exc):
    return problem(409, str(exc))


@api.exception_handler(actions.ActionError)
def _refused(request, exc):
    return problem(409, str(exc))


@api.exception_handler(Exception)
def _server_error(request, exc):
    log.exception("api: %s %s failed", request.method, request.path)
    return problem(500, gettext("Something went wrong on our side; it has been logged."))


# Reading ---------------------------------------------------------------------


def _token(request) -> ApiToken | None:
    auth = getattr(request, "auth", None)
    return auth if isinstance(auth, ApiToken) else None


def _readable_blogs(request):
    """Public blogs; with a read token, also the drafts its owner may see in
    the desk (editors: every one; reporters and contributors: their teams')."""
    token = _token(request)
    if token is None or not token.has_scope(ApiToken.Scope.READ) or not access.can_read_drafts(token.user):
        return LiveBlog.objects.public()
    if desk_access.can_manage_blog(token.user):
        return LiveBlog.objects.all()
    team = desk_access.assigned_blog_ids(token.user)
    return LiveBlog.objects.filter(~Q(status=LiveBlog.Status.DRAFT) | Q(pk__in=team))


def _get_blog(request, slug: str) -> LiveBlog:
    blog = _readable_blogs(request).select_related("image").filter(slug=slug).first()
    if blog is None:
        raise Http404(gettext("No live blog “%(slug)s”.") % {"slug": slug})
    return blog


def _topic(t) -> dict:
    return {"slug": t.slug, "name": t.name, "url": settings.SITE_URL + reverse("distribution:topic", args=[t.slug])}


def _image(blog: LiveBlog) -> dict | None:
    image = blog.image
    if image is None or not image.renditions:
        return None
    from liveblogs.structured_data import SHARE_IMAGE_WIDTH

    rendition = image.rendition_at_least(SHARE_IMAGE_WIDTH)
    return {"url": image.absolute_url_at_least(SHARE_IMAGE_WIDTH), "width": rendition["width"],
            "height": rendition["height"], "alt": image.alt_text, "caption": image.caption, "credit": image.credit}


def _blog(blog: LiveBlog) -> dict:
    return {
        "slug": blog.slug, "headline": blog.headline, "standfirst": blog.standfirst,
        "summary_html": blog.summary, "image": _image(blog), "status": blog.status,
        "topics": [_topic(t) for t in blog.topics.all()],
        "opened_at": blog.opened_at, "closed_at": blog.closed_at, "last_activity_at": blog.last_activity_at,
        "url": blog.absolute_url, "epoch": blog.epoch, "head_seq": blog.head_seq,
    }


def _post(post: Post) -> dict:
    article = None
    if post.kind == Post.Kind.ARTICLE:
        article = {"url": post.article_url, "author": post.article_author,
                   "headline": post.article_headline, "standfirst": post.article_standfirst}
    return {
        "id": post.pk, "blog": post.blog.slug, "kind": post.kind, "headline": post.headline, "label": post.label,
        "body_html": post.body, "article": article, "key_event": post.is_key_event, "pinned": post.is_pinned,
        "published_at": post.published_at, "edited_at": post.edited_at, "authors": post.bylines,
        "url": post.absolute_url, "version": post.version,
    }


def _cursor(value: str | None):
    if not value:
        return None
    parsed = parse_cursor(value)
    if parsed is None or not (0 < parsed[1] <= MAX_ID):
        raise HttpError(400, gettext("That cursor is not one this API gave out."))
    return parsed


def _post_page(blog: LiveBlog, cursor: str | None, limit: int, *, exclude_pinned: bool) -> tuple[list, str | None]:
    posts = blog.posts.visible()
    if exclude_pinned:
        posts = posts.filter(is_pinned=False)
    posts = posts.newest_first()
    position = _cursor(cursor)
    if position:
        posts = older_than(posts, *position)
    rows = list(posts.prefetch_related(*card_prefetches())[: limit + 1])
    next_cursor = rows[limit - 1].cursor if len(rows) > limit else None
    return rows[:limit], next_cursor


read = {"auth": OptionalTokenAuth(), "throttle": PerTokenThrottle(write=False)}
write = {"auth": TokenAuth(), "throttle": PerTokenThrottle(write=True)}
ERRORS = {400: Problem, 401: Problem, 404: Problem, 422: Problem, 429: Problem}


@api.get("/blogs", response={200: BlogPage, **ERRORS}, summary="List live blogs", **read)
def list_blogs(
    request,
    status: str | None = Query(
        None, pattern="^(draft|live|ended)$", description="live, ended (or draft, with a read token)"
    ),
    topic: str | None = Query(None, pattern=SLUG_PATTERN, description="A topic's slug."),
    cursor: str | None = Query(None, max_length=40, pattern=r"^\d{1,18}$"),
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
):
    """Newest first (by when each blog was created)."""
    blogs = _readable_blogs(request).select_related("image").prefetch_related("topics").order_by("-id")
    if status:
        blogs = blogs.filter(status=status)
    if topic:
        blogs = blogs.filter(topics__slug=topic)
    if cursor:
        blogs = blogs.filter(id__lt=int(cursor))
    rows = list(blogs[: limit + 1])
    next_cursor = str(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": [_blog(b) for b in rows[:limit]], "next_cursor": next_cursor}


@api.get("/blogs/{slug}", response={200: BlogDetail, **ERRORS}, summary="A live blog with its newest posts", **read)
def get_blog(request, slug: str = Path(..., pattern=SLUG_PATTERN), limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX)):
    blog = _get_blog(request, slug)
    posts, next_cursor = _post_page(blog, None, limit, exclude_pinned=True)
    pinned = blog.posts.visible().filter(is_pinned=True).prefetch_related(*card_prefetches()).first()
    return {
        "blog": _blog(blog), "pinned": _post(pinned) if pinned else None,
        "posts": [_post(p) for p in posts], "next_cursor": next_cursor,
    }


@api.get("/blogs/{slug}/posts", response={200: PostPage, **ERRORS}, summary="A blog's posts, newest first", **read)
def list_posts(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN),
    cursor: str | None = Query(None, max_length=60, description="next_cursor from the previous page"),
    limit: int = Query(PAGE_DEFAULT, ge=1, le=PAGE_MAX),
):
    """Every visible post, the pinned one included, in timeline order."""
    blog = _get_blog(request, slug)
    posts, next_cursor = _post_page(blog, cursor, limit, exclude_pinned=False)
    return {"items": [_post(p) for p in posts], "next_cursor": next_cursor}


@api.get("/blogs/{slug}/posts/{post_id}", response={200: PostOut, **ERRORS}, summary="One post", **read)
def get_post(request, slug: str = Path(..., pattern=SLUG_PATTERN), post_id: int = Path(..., ge=1, le=MAX_ID)):
    blog = _get_blog(request, slug)
    post = blog.posts.visible().filter(pk=post_id).prefetch_related(*card_prefetches()).first()
    if post is None:
        raise Http404("No such post in this live blog.")
    return _post(post)


@api.get("/blogs/{slug}/events", response={200: EventsOut, **ERRORS}, summary="Events after a sequence number", **read)
def list_events(
    request,
    slug: str = Path(..., pattern=SLUG_PATTERN),
    after: int = Query(0, ge=0, le=MAX_ID, description="The last seq you have; 0 for the start."),
    epoch: int | None = Query(None, ge=1, le=2**31),
    limit: int = Query(50, ge=1, le=EVENTS_MAX),
):
    """The blog's event log: the same events, in the same JSON, as the live
    page's /live/<slug>/updates endpoint and its stream."""
    blog = _get_blog(request, slug)
    reset = epoch is not None and epoch != blog.epoch
    events = [] if reset else list(
        BlogEvent.objects.filter(blog=blog, seq__gt=after).order_by("seq").values_list("seq", "payload")[:limit]
    )
    more = bool(events) and events[-1][0] < blog.head_seq
    return {"epoch": blog.epoch, "head": blog.head_seq, "reset": reset, "more": more,
            "events": [json.loads(payload) for _, payload in events]}


@api.get("/topics", response={200: list[TopicOut], **ERRORS}, summary="Topics with public coverage", **read)
def list_topics(request):
    return [_topic(t) for t in public_topics().order_by("name")]


@api.get("/search", response={200: SearchOut, **ERRORS}, summary="Search blogs and posts", **read)
def search(request, q: str = Query(..., max_length=200), page: int = Query(1, ge=1, le=search_index.MAX_PAGE)):
    """The same search as /search on the site: every word required, the last also as a prefix."""
    results = search_index.search(q, page=page)
    return {
        "query": results.query,
        "page": results.page,
        "pages": results.pages,
        "total": results.total,
        "results": [
            {
                "kind": h.kind,
                "title": h.title,
                "snippet_html": str(h.snippet),
                "url": settings.SITE_URL + h.url,
                "blog": h.blog_slug,
                "blog_headline": h.blog_headline,
                "post_id": h.post_id,
                "published_at": h.published_at,
            }
            for h in results.hits
        ],
    }


# Writing ---------------------------------------------------------------------

WRITE_ERRORS = {**ERRORS, 403: Problem, 409: Problem, 410: Problem}


def _with_paragraphs(fields: dict) -> dict:
    """A body with no markup at all is plain text, as the desk treats text
    typed without its editor: blank lines make paragraphs, and it is escaped."""
    body = fields.get("body") or ""
    if body.strip() and not _MARKUP.search(body):
        fields = {**fields, "body": linebreaks(body, autoescape=True)}
    return fields


def _require(request, scope: str) -> ApiToken:
    token = _token(request)
    if token is None or not token.has_scope(scope):
        raise HttpError(403, gettext("This token does not have the “%(scope)s” scope.") % {"scope": scope})
    return token


def _writable_post(request, slug: str, post_id: int) -> Post:
    blog = _get_blog(request, slug)
    # Deleted posts too: deleting one twice is not an error.
    post = blog.posts.filter(pk=post_id, published_at__isnull=False).select_related("blog").first()
    if post is None:
        raise Http404("No such post in this live blog.")
    if post.state == Post.State.REMOVED:
        # A legal takedown: gone for good, and its text is never sent back.
        raise HttpError(410, gettext("This post was removed and can no longer be changed."))
    return post


def _reloaded(post_id: int) -> dict:
    return _post(Post.objects.select_related("blog").prefetch_related(*card_prefetches()).get(pk=post_id))


@api.post(
    "/blogs/{slug}/posts", response={201: PostOut, 200: PostOut, **WRITE_ERRORS}, summary="Publish a post", **write
)
def create_post(
    request,
    payload: PostIn,
    slug: str = Path(..., pattern=SLUG_PATTERN),
    idempotency_key: str | None = Header(
        None,
        alias="Idempotency-Key",
        max_length=100,
        description="Retry safely: the same key gives back the same post.",
    ),
):
    """Needs the post scope, and the token's owner must be allowed to publish
    to this blog in the desk; pinning and key events need an editor. Send an
    `Idempotency-Key` header to retry safely: the same key within a day gives
    back the post it made (200) instead of publishing again."""
    token = _require(request, ApiToken.Scope.POST)
    user = token.user
    blog = _get_blog(request, slug)
    if not desk_access.can_publish(user, blog):
        raise HttpError(403, gettext("You may not publish to this live blog."))
    if (payload.pinned or payload.key_event) and not desk_access.can_publish_highlighted(user, blog):
        raise HttpError(403, gettext("Only editors may pin posts or mark key events."))
    content = actions.PostContent(**_with_paragraphs(payload.dict(exclude={"key_event", "pinned"})))
    key = (idempotency_key or "").strip()
    if key and not idempotency.is_valid_key(key):
        raise HttpError(400, gettext("Idempotency-Key: at most 100 printable characters."))
    # The desk's guard against sending twice (liveblogs.idempotency): the key
    # is kept with the post it made, per person, for a day.
    if earlier := idempotency.published_with_key(by=user, key=key):
        return _replayed(request, earlier, blog)
    try:
        post = actions.publish_post(
            blog=blog, by=user, content=content, is_key_event=payload.key_event, is_pinned=payload.pinned,
            form_key=key,
        )
    except actions.AlreadyPublished as e:
        # A retry that arrived while the first request was publishing: it
        # waited for the blog's lock (or, sent to another blog, for the
        # key's row), then found the first one's post.
        return _replayed(request, e.post, blog)
    return Status(201, _reloaded(post.pk))


def _replayed(request, post: Post, blog: LiveBlog):
    """The first answer again, for the same key to the same blog; the key
    sent to another blog is another request: 409, whether the first had
    finished or was still publishing. A post taken down since (legal
    removal) is 410, as every write to it is (_writable_post): its text is
    kept for the record but never sent back, a retry included."""
    if post.blog_id != blog.pk:
        raise HttpError(409, gettext("This Idempotency-Key was used for another request; use a new key."))
    if post.state == Post.State.REMOVED:
        raise HttpError(410, gettext("The post this Idempotency-Key made was removed; its text is not sent back."))
    request.idempotent_replay = True
    return Status(200, _reloaded(post.pk))


@api.patch("/blogs/{slug}/posts/{post_id}", response={200: PostOut, **WRITE_ERRORS}, summary="Edit a post", **write)
def edit_post(
    request, payload: PostPatch, slug: str = Path(..., pattern=SLUG_PATTERN), post_id: int = Path(..., ge=1, le=MAX_ID)
):
    """Send only the fields to change. With `version`, an edit made against
    an older version is refused with 409 instead of overwriting."""
    token = _require(request, ApiToken.Scope.EDIT)
    post = _writable_post(request, slug, post_id)
    if not desk_access.can_edit_post(token.user, post):
        raise HttpError(403, gettext("You may not edit this post."))
    changes = payload.dict(exclude_unset=True, exclude={"key_event", "correction_note", "version"})
    if (
        payload.key_event is not None
        and payload.key_event != post.is_key_event
        and not desk_access.can_mark_key_event(token.user, post)
    ):
        raise HttpError(403, gettext("Only editors may mark key events."))
    current = {name: getattr(post, name) for name in ("kind", "headline", "body", "label", "article_url",
                                                       "article_author", "article_headline", "article_standfirst")}
    merged = {**current, **{k: v for k, v in changes.items() if v is not None}}
    try:
        PostIn(**{k: v for k, v in merged.items()})
    except Exception as exc:  # pydantic's ValidationError: the merged post is incomplete
        errors = getattr(exc, "errors", lambda: [])()
        raise HttpError(422, errors[0]["msg"] if errors else gettext("The post would be incomplete.")) from None
    post = actions.edit_post(
        post=post,
        by=token.user,
        content=actions.PostContent(**_with_paragraphs(merged)),
        is_key_event=payload.key_event,
        correction_note=payload.correction_note,
        expected_version=payload.version,
    )
    return _reloaded(post.pk)


@api.delete("/blogs/{slug}/posts/{post_id}", response={204: None, **WRITE_ERRORS}, summary="Delete a post", **write)
def delete_post(request, slug: str = Path(..., pattern=SLUG_PATTERN), post_id: int = Path(..., ge=1, le=MAX_ID)):
    token = _require(request, ApiToken.Scope.EDIT)
    post = _writable_post(request, slug, post_id)
    if post.deleted_at is None and not desk_access.can_delete_post(token.user, post):
        raise HttpError(403, gettext("You may not delete this post."))
    actions.delete_post(post=post, by=token.user)
    return Status(204, None)


def _set_pin(request, slug, post_id, pinned: bool):
    token = _require(request, ApiToken.Scope.EDIT)
    post = _writable_post(request, slug, post_id)
    if post.deleted_at is not None:
        raise Http404(gettext("This post has been deleted."))
    if not desk_access.can_pin(token.user, post):
        raise HttpError(403, gettext("Only editors may pin posts."))
    actions.set_pinned(post=post, by=token.user, pinned=pinned)
    return _reloaded(post.pk)


@api.put("/blogs/{slug}/posts/{post_id}/pin", response={200: PostOut, **WRITE_ERRORS}, summary="Pin a post", **write)
def pin_post(request, slug: str = Path(..., pattern=SLUG_PATTERN), post_id: int = Path(..., ge=1, le=MAX_ID)):
    """Pins this post; any other pinned post of the blog is unpinned."""
    return _set_pin(request, slug, post_id, True)


@api.delete(
    "/blogs/{slug}/posts/{post_id}/pin", response={200: PostOut, **WRITE_ERRORS}, summary="Unpin a post", **write
)
def unpin_post(request, slug: str = Path(..., pattern=SLUG_PATTERN), post_id: int = Path(..., ge=1, le=MAX_ID)):
    return _set_pin(request, slug, post_id, False)


# Keep database failures (a locked SQLite file, a dropped connection) in the
# problem format too, with the status a client should retry on.
@api.exception_handler(DatabaseError)
def _database_error(request, exc):
    log.exception("api: database error on %s %s", request.method, request.path)
    response = problem(503, gettext("The database is busy; try again shortly."))
    response["Retry-After"] = "5"
    return response
