"""The newsroom desk: create and run live blogs, publish and correct posts,
see a post's history and a blog's audit log, restore what was deleted.

Every view parses input, checks liveblogs.access, calls one action from
liveblogs.actions and renders or redirects. Writes are POST only (with
Django's CSRF check); an ActionError is shown to the user, never a 500."""

from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.views import LoginView, redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from accounts.models import Role
from liveblogs import access, actions, diffs, presence
from liveblogs.forms import (
    AssignStaffForm,
    BlogEditForm,
    BlogForm,
    PostEditForm,
    PostForm,
    RemovePostForm,
    RestoreRevisionForm,
    SendBackForm,
    StaffCreateForm,
    StaffEditForm,
)
from liveblogs.media import MediaError
from liveblogs.models import REVISION_FIELDS, AuditEntry, LiveBlog, Post, StaffAuditEntry
from liveblogs.preview import render_preview
from liveblogs.stream import SOURCE as LIVEBLOG_SOURCE
from newsline.lib.ratelimit import is_limited, over_limit
from newsline.middleware import DESK_PREVIEW_CSP
from newsline.templatetags.newsline_i18n import news_datetime
from realtime.audience import readers_now

BLOGS_PER_PAGE = 50
# Far above what a person does; stops a runaway script or a stolen session
# from flooding a live blog.
DESK_WRITES_PER_MINUTE = 120
SIGN_IN_FAILURES_ALLOWED = 10
SIGN_IN_WINDOW_SECONDS = 15 * 60
# The desk timeline is for working on recent posts; older ones are on the
# reader page. Bounded so a long-running blog never renders thousands.
DESK_TIMELINE_SIZE = 50
# Deleted posts listed for restoring, newest deletion first.
DELETED_LIST_SIZE = 50
REVISIONS_PER_PAGE = 50
AUDIT_ENTRIES_PER_PAGE = 50
# Previews follow typing (one a second at most from desk.js); they write nothing.
PREVIEWS_PER_MINUTE = 600


NOT_ON_TEAM = _("You are not on this live blog's team. An editor can add you to it.")


def _forbidden(request, reason: str):
    context = {"reason": reason, "can_use_desk": access.can_use_desk(request.user)}
    return render(request, "liveblogs/desk/forbidden.html", context, status=403)


def desk_view(view=None, *, rate_limited: bool = True):
    """Anonymous visitors go to sign-in; signed-in people without a
    newsroom role get 403. POSTs count against the write limit unless
    `rate_limited=False` (the preview, which writes nothing)."""
    if view is None:
        return lambda v: desk_view(v, rate_limited=rate_limited)

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not access.can_use_desk(request.user):
            return _forbidden(request, _("The newsroom desk is for contributors, reporters, editors and admins."))
        if rate_limited and request.method == "POST" and over_limit(
            "desk-write", str(request.user.pk), limit=DESK_WRITES_PER_MINUTE, per_seconds=60
        ):
            # The compose form's text is kept on this device by desk.js.
            return render(
                request, "liveblogs/desk/forbidden.html",
                {"reason": _("Too many changes in one minute. Wait a moment, then go back and try again.")},
                status=429,
            )
        return view(request, *args, **kwargs)

    return wrapper


def _confirmed(request) -> bool:
    # Confirmation pages and desk.js's confirm() both send this field;
    # without it a POST only shows the confirmation page.
    return request.POST.get("confirmed") == "yes"


def _blog_url(blog: LiveBlog, post_id: int | None = None) -> str:
    url = reverse("desk:blog", args=[blog.slug])
    return f"{url}#post-{post_id}" if post_id else url


def _get_post(slug: str, post_id: int) -> Post:
    return get_object_or_404(
        Post.objects.visible().select_related("blog"), pk=post_id, blog__slug=slug
    )


def _get_any_post(slug: str, post_id: int) -> Post:
    """A published post of this blog, deleted or not (history, restore)."""
    return get_object_or_404(
        Post.objects.filter(published_at__isnull=False).select_related("blog"), pk=post_id, blog__slug=slug
    )


def _post_form(request, *, post: Post, data=None, initial=None, form_class=PostForm) -> PostForm:
    extra = {"published": post.published_at is not None} if form_class is PostEditForm else {}
    return form_class(
        data,
        initial=initial,
        can_pin=access.can_pin(request.user, post),
        can_mark_key_event=access.can_mark_key_event(request.user, post),
        blog_id=post.blog_id,
        **extra,
    )


def _snapshot(post: Post) -> dict:
    return {name: getattr(post, name) for name in REVISION_FIELDS}


# Blogs ---------------------------------------------------------------------


@desk_view
def home(request):
    blogs = LiveBlog.objects.order_by("-last_activity_at", "-id")
    if not access.can_manage_blog(request.user):
        blogs = blogs.filter(pk__in=access.assigned_blog_ids(request.user))
    page = Paginator(blogs, BLOGS_PER_PAGE).get_page(request.GET.get("page"))
    if access.can_approve(request.user, None):
        # The approval queue at a glance: one small query on the partial
        # index of unpublished posts, for this page's blogs only.
        waiting = dict(
            Post.objects.filter(state=Post.State.SUBMITTED, blog_id__in=[b.pk for b in page.object_list])
            .values_list("blog_id").annotate(n=Count("id")).values_list("blog_id", "n")
        )
        for b in page.object_list:
            b.waiting = waiting.get(b.pk, 0)
    return render(
        request,
        "liveblogs/desk/home.html",
        {
            "page": page,
            "blogs": page.object_list,
            "can_create": access.can_manage_blog(request.user),
            "can_manage_staff": access.can_manage_staff(request.user),
        },
    )


@desk_view
def blog_new(request):
    if not access.can_manage_blog(request.user):
        return _forbidden(request, _("Only editors can start a live blog."))
    form = BlogForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            blog = actions.create_blog(by=request.user, **form.cleaned_data)
        except actions.ActionError as e:
            form.add_error("slug", str(e))
        else:
            messages.success(request, _("Live blog created. It is a draft until you open it."))
            return redirect("desk:blog", blog.slug)
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/blog_form.html", {"form": form, "blog": None}, status=status)


@desk_view
def blog_edit(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_manage_blog(request.user, blog):
        return _forbidden(request, _("Only editors can change a live blog's details."))
    form = BlogEditForm(request.POST or None, initial=BlogEditForm.initial_for(blog), blog=blog)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.update_blog(
                blog=blog, by=request.user, headline=data["headline"], standfirst=data["standfirst"],
                topics=data["topics"], image_id=form.chosen_image_id(), summary=data["summary"], slug=data["slug"],
                language=data["language"] or actions.KEEP,
                reactions_enabled=form.reactions_enabled(),
            )
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Details saved."))
            blog.refresh_from_db(fields=["slug"])
            return redirect("desk:blog", blog.slug)
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/blog_form.html", {"form": form, "blog": blog}, status=status)


@desk_view
@require_POST
def blog_open(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_manage_blog(request.user, blog):
        return _forbidden(request, _("Only editors can open a live blog."))
    was_ended = blog.is_ended
    try:
        actions.open_blog(blog=blog, by=request.user)
    except actions.ActionError as e:
        messages.error(request, str(e))
    else:
        if was_ended:
            messages.success(
                request, _("The live blog is open again: the team can publish, and open pages show it is live.")
            )
        else:
            messages.success(request, _("The live blog is open: readers can see it and new posts."))
    return redirect("desk:blog", blog.slug)


@desk_view
def blog_close(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_manage_blog(request.user, blog):
        return _forbidden(request, _("Only editors can close a live blog."))
    if request.method != "POST" or not _confirmed(request):
        return render(
            request,
            "liveblogs/desk/confirm.html",
            {
                "blog": blog,
                "title": _("Close “%(headline)s”?") % {"headline": blog.headline},
                "explanation": _(
                    "Readers will see that coverage has ended, and nobody can publish until it is reopened."
                ),
                "action_url": reverse("desk:blog_close", args=[blog.slug]),
                "button": _("Close live blog"),
            },
        )
    try:
        actions.close_blog(blog=blog, by=request.user)
    except actions.ActionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("The live blog is closed."))
    return redirect("desk:blog", blog.slug)


@desk_view
def blog_reader_preview(request, slug):
    """The blog's reader page as readers will see it, draft or not: for its
    team, private and never cached."""
    from liveblogs.views.reader import _private_preview, render_blog_page

    blog = get_object_or_404(LiveBlog.objects.select_related("image"), slug=slug)
    if not access.can_preview_blog(request.user, blog):
        return _forbidden(request, NOT_ON_TEAM)
    return _private_preview(render_blog_page(request, blog, preview="staff"))


@desk_view
def blog_share_preview(request, slug):
    """Make a signed link to the draft's reader page for someone without a
    desk role, or withdraw every link made so far."""
    from liveblogs import preview_links

    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_share_preview(request.user, blog):
        return _forbidden(request, _("Only editors can share a preview of a live blog."))
    link = None
    if request.method == "POST" and request.POST.get("intent") == "revoke":
        actions.revoke_preview_links(blog=blog, by=request.user)
        messages.success(request, _("Every preview link made so far has stopped working."))
        return redirect("desk:blog_share_preview", blog.slug)
    if request.method == "POST" and blog.status == LiveBlog.Status.DRAFT:
        link = actions.share_preview(blog=blog, by=request.user)
    response = render(request, "liveblogs/desk/share_preview.html", {
        "blog": blog, "link": link, "expires": preview_links.expires_at() if link else None,
        "hours": settings.LIVEBLOG_PREVIEW_LINK_HOURS,
    })
    # The page may carry a working link: keep it out of caches and history stores.
    response["Cache-Control"] = "private, no-store"
    return response


# The blog's desk: compose and the timeline ---------------------------------


INTENTS = (_("publish"), "draft", "submit", "schedule", "preview")
PUBLISHING_INTENTS = (_("publish"), "schedule")


def _intent(request, blog: LiveBlog) -> str:
    """What a compose or draft form asks for; without a button (an old page,
    a script) the person's main action: publish, or submit for approval."""
    intent = request.POST.get("intent")
    if intent in INTENTS:
        return intent
    return "submit" if request.user.role == Role.CONTRIBUTOR else "publish"


def _own_unpublished(request, blog: LiveBlog, draft_id) -> Post | None:
    """The unpublished post a compose form is writing, if this person may
    change it; a crafted id for someone else's post is ignored."""
    if not draft_id:
        return None
    post = Post.objects.unpublished().select_related("blog").filter(pk=draft_id, blog=blog).first()
    if post is None or not access.can_edit_post(request.user, post):
        return None
    return post


def _already_published(request, blog: LiveBlog, post: Post):
    """The second answer to a compose form sent twice: the post the first made."""
    messages.success(
        request, _("Already published: this form was sent twice, so it was published once. Here it is."),
        extra_tags="published",
    )
    return redirect(_blog_url(blog, post.pk))


def _go(request, *, blog: LiveBlog, intent: str, form, post: Post | None, form_key: str = ""):
    """Carry out a compose or draft form's intent. Returns (message, post),
    or raises ActionError. The text is saved first, so nothing typed is lost
    even if the second step is refused."""
    content = form.content()
    by = request.user
    if intent == "publish" and post is None:
        post = actions.publish_post(
            blog=blog, by=by, content=content, authors=_authors(form),
            is_key_event=form.flag("is_key_event"), is_pinned=form.flag("is_pinned"), form_key=form_key,
        )
        return _("Published."), post
    if intent == "schedule" and form.cleaned_data.get("scheduled_for") is None:
        form.add_error("scheduled_for", _("Choose when to publish it."))
        raise actions.ActionError(_("Choose when to publish it."))
    version = form.cleaned_data.get("version")
    post = actions.save_draft(
        blog=blog, by=by, content=content, post=post, expected_version=version, authors=_authors(form)
    )
    if intent == "draft":
        return _("Draft saved."), post
    if intent == "submit":
        if post.state == Post.State.SUBMITTED:
            return _("Saved. It is still waiting for an editor."), post
        actions.submit_post(post=post, by=by)
        return _("Submitted: an editor will review it."), post
    if intent == "schedule":
        when = form.cleaned_data["scheduled_for"]
        post = actions.schedule_post(post=post, by=by, at=when)
        return _("Scheduled for %(when)s.") % {"when": news_datetime(timezone.localtime(when), "short_no_year")}, post
    post = actions.publish_unpublished_post(
        post=post, by=by, is_key_event=form.flag("is_key_event", current=post.is_key_event),
        is_pinned=form.flag("is_pinned", current=post.is_pinned),
        action=AuditEntry.Action.APPROVE_POST if post.state == Post.State.SUBMITTED else AuditEntry.Action.PUBLISH_POST,
        form_key=form_key,
    )
    return _("Published."), post


def _authors(form) -> list | None:
    """The chosen bylines, or None for "the writer"."""
    return list(form.cleaned_data.get("authors") or []) or None


def _refuse_intent(request, blog: LiveBlog, intent: str):
    """403 for an intent this person may never use here, else None. Posting
    to an ended blog is refused by the action instead, keeping the text."""
    if blog.is_ended and access.can_view_blog(request.user, blog):
        return None
    if intent in PUBLISHING_INTENTS and not access.can_publish(request.user, blog):
        return _forbidden(request, _("Contributors cannot publish: submit your post for an editor to approve."))
    if not access.can_submit(request.user, blog):
        return _forbidden(request, NOT_ON_TEAM)
    return None


@desk_view
def blog(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_blog(request.user, blog):
        return _forbidden(request, NOT_ON_TEAM)
    intent = _intent(request, blog)
    if request.method == "POST" and (refused := _refuse_intent(request, blog, intent)):
        return refused
    # An unsaved post by this user stands in for "a post I am about to
    # publish" when asking whether they may pin it or mark it.
    new_post = Post(blog=blog, created_by=request.user)
    form = _post_form(request, post=new_post, data=request.POST if request.method == "POST" else None)
    preview_html = None
    if request.method == "POST" and intent == "preview":
        # Without JavaScript: the page again, with the text kept and the preview shown.
        if form.is_valid():
            preview_html = render_preview(
                blog=blog, content=form.content().cleaned(), by=request.user, authors=_authors(form)
            )
    elif request.method == "POST" and form.is_valid():
        form_key = form.cleaned_data.get("form_key", "") if intent == "publish" else ""
        if earlier := actions.published_with_key(blog=blog, by=request.user, form_key=form_key):
            return _already_published(request, blog, earlier)
        draft = _own_unpublished(request, blog, form.cleaned_data.get("draft"))
        try:
            message, post = _go(request, blog=blog, intent=intent, form=form, post=draft, form_key=form_key)
        except actions.AlreadyPublished as e:
            return _already_published(request, blog, e.post)
        except actions.ActionError as e:
            # Its draft was published by the first send while this one waited.
            if earlier := actions.published_with_key(blog=blog, by=request.user, form_key=form_key):
                return _already_published(request, blog, earlier)
            if not form.errors:
                form.add_error(None, str(e))
        else:
            # The "published" tag tells desk.js to forget the saved draft:
            # it is on the server now, whatever its state.
            messages.success(request, message, extra_tags="published")
            return redirect(_blog_url(blog, post.pk if post.state == Post.State.PUBLISHED else None))

    published = any("published" in m.tags for m in messages.get_messages(request))
    posts = list(
        blog.posts.visible()
        .for_cards()
        .order_by("-is_pinned", "-published_at", "-id")[:DESK_TIMELINE_SIZE]
    )
    for post in posts:
        post.desk = {
            "edit": access.can_edit_post(request.user, post),
            "delete": access.can_delete_post(request.user, post),
            "pin": access.can_pin(request.user, post),
            "key_event": access.can_mark_key_event(request.user, post),
            "history": access.can_view_history(request.user, post),
            "remove": access.can_remove_post(request.user, post),
        }
    deleted = []
    if access.can_restore(request.user):
        deleted = list(
            blog.posts.filter(state=Post.State.DELETED, published_at__isnull=False)
            .order_by("-deleted_at", "-id")[:DELETED_LIST_SIZE]
        )
    context = {
        "blog": blog,
        "form": form,
        "posts": posts,
        **_unpublished_lists(request, blog),
        "preview_html": preview_html,
        "can_submit": access.can_submit(request.user, blog),
        "deleted_posts": deleted,
        "deleted_list_size": DELETED_LIST_SIZE,
        "can_view_audit": access.can_view_audit(request.user, blog),
        "can_view_analytics": access.can_view_analytics(request.user, blog) and blog.status != LiveBlog.Status.DRAFT,
        "published": published,
        "can_publish": access.can_publish(request.user, blog),
        "can_manage": access.can_manage_blog(request.user, blog),
        "can_share_preview": access.can_share_preview(request.user, blog),
        "can_assign": access.can_assign_staff(request.user, blog),
        "timeline_size": DESK_TIMELINE_SIZE,
        "max_body_chars": settings.LIVEBLOG_MAX_BODY_CHARS,
        "readers_now": None if blog.status == LiveBlog.Status.DRAFT else readers_now(LIVEBLOG_SOURCE, blog.slug),
        "panels": (panels := _panels(request, blog)),
        "panel_jumps": [panel for panel in panels if panel.jump_label],
    }
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/blog.html", context, status=status)


def _panels(request, blog: LiveBlog) -> list:
    """Other apps' parts of the blog's desk page (settings.DESK_BLOG_PANELS:
    the readers' question inbox): liveblogs.panels.DeskPanel each, or None."""
    from django.utils.module_loading import import_string

    return [panel for path in settings.DESK_BLOG_PANELS if (panel := import_string(path)(request, blog))]


def _unpublished_lists(request, blog: LiveBlog) -> dict:
    """The desk's drafts, approval queue and schedule for this blog: each
    person's own drafts; submissions (all of them for editors, their own for
    others); every scheduled post, so the team knows what is coming."""
    mine = Q(created_by=request.user)
    base = blog.posts.unpublished().select_related("created_by", "reviewed_by")
    is_editor = access.can_approve(request.user, blog)
    return {
        "drafts": list(base.filter(mine, state=Post.State.DRAFT).order_by("-created_at", "-id")[:DESK_TIMELINE_SIZE]),
        "submissions": list(
            base.filter(state=Post.State.SUBMITTED).filter(Q() if is_editor else mine)
            .order_by("created_at", "id")[:DESK_TIMELINE_SIZE]
        ),
        "scheduled": list(base.filter(state=Post.State.SCHEDULED).order_by("scheduled_for", "id")[:DESK_TIMELINE_SIZE]),
        "can_approve": is_editor,
        "send_back_form": SendBackForm(),
    }


# Posts ---------------------------------------------------------------------


@desk_view
def post_edit(request, slug, post_id):
    post = get_object_or_404(
        # Published or not yet: anything but deleted or removed posts.
        Post.objects.filter(deleted_at__isnull=True).exclude(state=Post.State.REMOVED)
        .select_related("blog", "reviewed_by"),
        pk=post_id, blog__slug=slug,
    )
    if not access.can_view_blog(request.user, post.blog):
        return _forbidden(request, NOT_ON_TEAM)
    if not access.can_edit_post(request.user, post):
        return _forbidden(request, _("Reporters can edit only their own posts."))
    if post.is_unpublished:
        return _unpublished_edit(request, post)
    form = _post_form(
        request,
        post=post,
        data=request.POST if request.method == "POST" else None,
        initial=PostEditForm.initial_for(post),
        form_class=PostEditForm,
    )
    conflict = None
    preview_html = None
    if request.method == "POST" and request.POST.get("intent") == "preview":
        if form.is_valid():
            preview_html = render_preview(
                blog=post.blog, content=form.content().cleaned(), by=request.user, post=post,
                correction_note=form.cleaned_data.get("correction_note", ""), authors=_authors(form),
            )
    elif request.method == "POST" and form.is_valid():
        try:
            actions.edit_post(
                post=post,
                by=request.user,
                content=form.content(),
                is_key_event=form.flag("is_key_event", current=post.is_key_event),
                is_pinned=form.flag("is_pinned", current=post.is_pinned),
                correction_note=form.cleaned_data.get("correction_note", ""),
                expected_version=form.cleaned_data["version"],
                authors=_authors(form),
            )
        except actions.EditConflict as e:
            # Keep what they typed, now based on the version they can see.
            form = form.rebased(e.current.version)
            conflict = {
                "message": str(e),
                "post": e.current,
                "changed_by": e.changed_by,
                "changed_at": e.changed_at,
                "changes": diffs.compare(_snapshot(e.current), form.content().cleaned()),
            }
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Changes saved."))
            return redirect(_blog_url(post.blog, post.pk))
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "liveblogs/desk/post_edit.html",
        {
            "blog": post.blog,
            "post": post,
            "form": form,
            "conflict": conflict,
            "can_view_history": access.can_view_history(request.user, post),
            "max_body_chars": settings.LIVEBLOG_MAX_BODY_CHARS,
            "preview_html": preview_html,
        },
        status=status,
    )


def _unpublished_edit(request, post: Post):
    """A draft, submission or scheduled post: the same form, with the
    lifecycle's buttons instead of "Save changes"."""
    blog = post.blog
    intent = _intent(request, blog) if request.method == "POST" else "draft"
    if request.method == "POST" and (refused := _refuse_intent(request, blog, intent)):
        return refused
    form = _post_form(
        request, post=post, data=request.POST if request.method == "POST" else None,
        initial=PostEditForm.initial_for(post), form_class=PostEditForm,
    )
    conflict = None
    preview_html = None
    if request.method == "POST" and intent == "preview":
        if form.is_valid():
            preview_html = render_preview(
                blog=blog, content=form.content().cleaned(), by=request.user, post=post, authors=_authors(form)
            )
    elif request.method == "POST" and form.is_valid():
        try:
            message, saved = _go(request, blog=blog, intent=intent, form=form, post=post)
        except actions.EditConflict as e:
            form = form.rebased(e.current.version)
            conflict = {
                "message": str(e), "post": e.current, "changed_by": e.changed_by, "changed_at": e.changed_at,
                "changes": diffs.compare(_snapshot(e.current), form.content().cleaned()),
            }
        except actions.ActionError as e:
            if not form.errors:
                form.add_error(None, str(e))
        else:
            messages.success(request, message)
            return redirect(_blog_url(blog, saved.pk if saved.state == Post.State.PUBLISHED else None))
    status = 409 if conflict else 400 if form.errors else 200
    return render(
        request,
        "liveblogs/desk/post_edit.html",
        {
            "blog": blog,
            "post": post,
            "form": form,
            "conflict": conflict,
            "unpublished": True,
            "preview_html": preview_html,
            "can_publish": access.can_publish(request.user, blog),
            "can_approve": access.can_approve(request.user, blog),
            "send_back_form": SendBackForm(),
            "max_body_chars": settings.LIVEBLOG_MAX_BODY_CHARS,
        },
        status=status,
    )


def _get_unpublished(slug: str, post_id: int, state: str) -> Post:
    return get_object_or_404(Post.objects.select_related("blog"), pk=post_id, blog__slug=slug, state=state)


@desk_view
@require_POST
def post_approve(request, slug, post_id):
    post = _get_unpublished(slug, post_id, Post.State.SUBMITTED)
    if not access.can_approve(request.user, post.blog):
        return _forbidden(request, _("Only editors can approve posts."))
    try:
        actions.approve_post(post=post, by=request.user)
    except actions.ActionError as e:
        messages.error(request, str(e))
        return redirect("desk:blog", slug)
    name = post.created_by.byline if post.created_by else ""
    messages.success(request, _("Approved and published %(name)s’s post.") % {"name": name})
    return redirect(_blog_url(post.blog, post.pk))


@desk_view
@require_POST
def post_send_back(request, slug, post_id):
    post = _get_unpublished(slug, post_id, Post.State.SUBMITTED)
    if not access.can_approve(request.user, post.blog):
        return _forbidden(request, _("Only editors can send posts back."))
    form = SendBackForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect("desk:post_edit", slug, post.pk)
    actions.send_back_post(post=post, by=request.user, note=form.cleaned_data["note"])
    messages.success(request, _("Sent back with your note."))
    return redirect("desk:blog", slug)


@desk_view
@require_POST
def post_discard(request, slug, post_id):
    post = _get_unpublished(slug, post_id, Post.State.DRAFT)
    if not access.can_edit_post(request.user, post):
        return _forbidden(request, _("You can discard only your own drafts."))
    actions.discard_draft(post=post, by=request.user)
    messages.success(request, _("Draft discarded."))
    return redirect("desk:blog", slug)


@desk_view
@require_POST
def post_unschedule(request, slug, post_id):
    post = _get_unpublished(slug, post_id, Post.State.SCHEDULED)
    if not (access.can_publish(request.user, post.blog) and access.can_edit_post(request.user, post)):
        return _forbidden(request, _("Only the people who may publish this post can change its schedule."))
    actions.unschedule_post(post=post, by=request.user)
    messages.success(request, _("Taken off the schedule: it is a draft again."))
    return redirect("desk:post_edit", slug, post.pk)


@desk_view(rate_limited=False)
@require_POST
@xframe_options_sameorigin
def post_preview(request, slug):
    """The post as readers will see it, from the compose or edit form's
    unsaved fields (desk.js shows it beside the composer as you type). A
    small document with the reader's stylesheet; nothing is saved."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_submit(request.user, blog):
        return _forbidden(request, NOT_ON_TEAM)
    if over_limit("desk-preview", str(request.user.pk), limit=PREVIEWS_PER_MINUTE, per_seconds=60):
        return HttpResponse(_("Too many previews in one minute."), status=429, content_type="text/plain")
    post = None
    if request.POST.get("post", "").isdigit():
        post = Post.objects.filter(pk=int(request.POST["post"]), blog=blog).exclude(state=Post.State.REMOVED).first()
        if post is None or not access.can_edit_post(request.user, post):
            return _forbidden(request, _("You cannot edit this post."))
    form = _post_form(request, post=post or Post(blog=blog, created_by=request.user), data=request.POST)
    if not form.is_valid():
        message = " ".join(str(e) for errs in form.errors.values() for e in errs)
        html = render(request, "liveblogs/desk/preview_empty.html", {"message": message}).content
        response = HttpResponse(html, status=200 if "body" in form.errors and len(form.errors) == 1 else 400)
    else:
        content = form.content().cleaned()
        html = render_preview(
            blog=blog, content=content, by=request.user, post=post, authors=_authors(form),
            correction_note=" ".join(request.POST.get("correction_note", "").split()),
        )
        response = HttpResponse(html)
    # Framed by the desk page itself only.
    response["Content-Security-Policy"] = DESK_PREVIEW_CSP
    return response


@desk_view(rate_limited=False)
@require_POST
def blog_presence(request, slug):
    """The desk's heartbeat: "I have this blog open (editing post N)"; the
    answer is who else has. `leave=1` when the page is closed. JSON."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_blog(request.user, blog):
        return JsonResponse({"error": NOT_ON_TEAM}, status=403)
    if request.POST.get("leave") == "1":
        presence.leave(blog=blog, user=request.user)
        return JsonResponse({"people": []})
    post = None
    if request.POST.get("post", "").isdigit():
        post = Post.objects.filter(pk=int(request.POST["post"]), blog=blog).exclude(state=Post.State.REMOVED).first()
        if post is not None and not access.can_edit_post(request.user, post):
            post = None
    presence.touch(blog=blog, user=request.user, post=post)
    return JsonResponse(
        {
            "people": presence.others(blog=blog, user=request.user),
            "heartbeat": presence.PRESENCE_HEARTBEAT_SECONDS,
            # Readers with the blog's stream open now, on every server (realtime.audience).
            "readers": readers_now(LIVEBLOG_SOURCE, blog.slug),
        }
    )


@desk_view
@require_POST
def draft_autosave(request, slug):
    """The compose and draft forms save here as you type (desk.js). JSON:
    {"id", "version", "saved_at", "edit_url"}, or 400 with the errors."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_submit(request.user, blog):
        return JsonResponse({"error": _("You cannot write for this live blog.")}, status=403)
    post = _own_unpublished(request, blog, request.POST.get("draft"))
    if request.POST.get("draft") and post is None:
        # Published, deleted or not theirs since: start a new draft rather than lose the text.
        post = None
    form = _post_form(request, post=post or Post(blog=blog, created_by=request.user), data=request.POST)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        return JsonResponse({"errors": errors}, status=400)
    try:
        saved = actions.save_draft(
            blog=blog, by=request.user, content=form.content(), post=post, authors=_authors(form)
        )
    except actions.ActionError as e:
        return JsonResponse({"error": str(e)}, status=409)
    return JsonResponse({
        "id": saved.pk,
        "version": saved.version,
        "state": saved.state,
        "saved_at": timezone.localtime(timezone.now()).strftime("%H:%M"),
        "edit_url": reverse("desk:post_edit", args=[slug, saved.pk]),
    })


@desk_view
def post_history(request, slug, post_id):
    post = _get_any_post(slug, post_id)
    if not access.can_view_history(request.user, post):
        return _forbidden(request, _("Only editors can see a post's history."))
    revisions = post.revisions.select_related("author").order_by("-number")
    page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "liveblogs/desk/post_history.html",
        {"blog": post.blog, "post": post, "page": page, "revisions": page.object_list},
    )


@desk_view
def post_revision(request, slug, post_id, number):
    post = _get_any_post(slug, post_id)
    if not access.can_view_history(request.user, post):
        return _forbidden(request, _("Only editors can see a post's history."))
    revision = get_object_or_404(post.revisions.select_related("author"), number=number)
    previous = post.revisions.filter(number__lt=number).order_by("-number").first()
    context = {
        "blog": post.blog,
        "post": post,
        "revision": revision,
        "previous": previous,
        "changes": diffs.compare(previous.snapshot() if previous else None, revision.snapshot()),
        "is_current": revision.snapshot() == _snapshot(post),
        "can_restore": access.can_restore(request.user, post) and not post.is_deleted,
        "restore_form": RestoreRevisionForm() if post.published_at else None,
    }
    return render(request, "liveblogs/desk/post_revision.html", context)


@desk_view
@require_POST
def post_revision_restore(request, slug, post_id, number):
    post = _get_post(slug, post_id)
    if not access.can_restore(request.user, post):
        return _forbidden(request, _("Only editors can restore an earlier version."))
    revision = get_object_or_404(post.revisions, number=number)
    form = RestoreRevisionForm(request.POST)
    back = reverse("desk:post_revision", args=[slug, post.pk, number])
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("correction_note", [])))
        return redirect(back)
    try:
        actions.restore_revision(
            revision=revision, by=request.user, correction_note=form.cleaned_data["correction_note"]
        )
    except actions.ActionError as e:
        messages.error(request, str(e))
        return redirect(back)
    messages.success(request, _("Version %(number)s restored. Readers see it now.") % {"number": number})
    return redirect("desk:post_history", slug, post.pk)


@desk_view
@require_POST
def post_restore(request, slug, post_id):
    post = _get_any_post(slug, post_id)
    if not access.can_restore(request.user, post):
        return _forbidden(request, _("Only editors can restore deleted posts."))
    try:
        actions.restore_post(post=post, by=request.user)
    except actions.ActionError as e:
        messages.error(request, str(e))
        return redirect("desk:blog", slug)
    messages.success(request, _("Post restored: readers can see it again."))
    return redirect(_blog_url(post.blog, post.pk))


@desk_view
def blog_audit(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_audit(request.user, blog):
        return _forbidden(request, _("Only editors can see the audit log."))
    entries = (
        blog.audit_entries.select_related("actor", "post")
        .defer("post__body")
        .order_by("-created_at", "-id")
    )
    page = Paginator(entries, AUDIT_ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "liveblogs/desk/blog_audit.html",
        {
            "blog": blog, "page": page, "entries": page.object_list,
            "can_see_removed": access.can_see_removed_content(request.user),
        },
    )


@desk_view
def post_delete(request, slug, post_id):
    post = _get_post(slug, post_id)
    if not access.can_view_blog(request.user, post.blog):
        return _forbidden(request, NOT_ON_TEAM)
    if not access.can_delete_post(request.user, post):
        return _forbidden(request, _("Reporters can delete only their own posts."))
    if request.method != "POST" or not _confirmed(request):
        return render(
            request,
            "liveblogs/desk/confirm.html",
            {
                "blog": post.blog,
                "post": post,
                "title": _("Delete this post?"),
                "explanation": _("It disappears from the live blog, including for readers who have the page open."),
                "action_url": reverse("desk:post_delete", args=[slug, post.pk]),
                "button": _("Delete post"),
            },
        )
    actions.delete_post(post=post, by=request.user)
    messages.success(request, _("Post deleted."))
    return redirect("desk:blog", slug)


@desk_view
def post_remove(request, slug, post_id):
    """Legal takedown: a page that asks for the reason, then the action."""
    post = get_object_or_404(
        Post.objects.filter(state__in=[Post.State.PUBLISHED, Post.State.DELETED]).select_related("blog"),
        pk=post_id, blog__slug=slug,
    )
    if not access.can_remove_post(request.user, post):
        return _forbidden(request, _("Only editors and admins can remove a post for legal reasons."))
    form = RemovePostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.remove_post(post=post, by=request.user, reason=form.cleaned_data["reason"])
        except actions.ActionError as e:
            form.add_error("reason", str(e))
        else:
            messages.success(request, _("Removed everywhere: readers, open pages, feeds and search no longer have it."))
            return redirect("desk:blog", slug)
    status = 400 if form.errors else 200
    return render(
        request, "liveblogs/desk/post_remove.html", {"blog": post.blog, "post": post, "form": form}, status=status
    )


@desk_view
@require_POST
def post_pin(request, slug, post_id):
    post = _get_post(slug, post_id)
    if not access.can_pin(request.user, post):
        return _forbidden(request, _("Only editors can pin posts."))
    pinned = request.POST.get("pinned") == "yes"
    try:
        actions.set_pinned(post=post, by=request.user, pinned=pinned)
    except actions.ActionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Pinned: readers see this post first.") if pinned else _("Unpinned."))
    return redirect(_blog_url(post.blog, post.pk))


@desk_view
@require_POST
def post_key_event(request, slug, post_id):
    post = _get_post(slug, post_id)
    if not access.can_mark_key_event(request.user, post):
        return _forbidden(request, _("Only editors can mark key events."))
    key_event = request.POST.get("key_event") == "yes"
    try:
        actions.set_key_event(post=post, by=request.user, key_event=key_event)
    except actions.ActionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, _("Marked as a key event.") if key_event else _("No longer a key event."))
    return redirect(_blog_url(post.blog, post.pk))


# Teams and staff -----------------------------------------------------------

STAFF_PER_PAGE = 50
STAFF_AUDIT_SIZE = 50


@desk_view
def blog_team(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_assign_staff(request.user, blog):
        return _forbidden(request, _("Only editors can change a blog's team."))
    form = AssignStaffForm(request.POST or None, blog=blog)
    if request.method == "POST" and form.is_valid():
        person = form.cleaned_data["user"]
        try:
            actions.assign_staff(blog=blog, by=request.user, user=person)
        except actions.ActionError as e:
            form.add_error("user", str(e))
        else:
            messages.success(request, f"{person.byline} is on the team.")
            return redirect("desk:blog_team", blog.slug)
    team = blog.assignments.select_related("user", "assigned_by").order_by("user__display_name", "user__username")
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/blog_team.html", {"blog": blog, "form": form, "team": team}, status=status)


@desk_view
@require_POST
def blog_team_remove(request, slug, user_id):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_assign_staff(request.user, blog):
        return _forbidden(request, _("Only editors can change a blog's team."))
    person = get_object_or_404(get_user_model(), pk=user_id)
    actions.unassign_staff(blog=blog, by=request.user, user=person)
    messages.success(request, f"{person.byline} is off the team.")
    return redirect("desk:blog_team", blog.slug)


def _staff_queryset():
    from liveblogs.forms import STAFF_ROLE_CHOICES

    return get_user_model().objects.filter(role__in=[r for r, _ in STAFF_ROLE_CHOICES])


@desk_view
def staff_list(request):
    if not access.can_manage_staff(request.user):
        return _forbidden(request, _("Only admins can manage staff accounts."))
    people = _staff_queryset().order_by("-is_active", "role", "display_name", "username")
    page = Paginator(people, STAFF_PER_PAGE).get_page(request.GET.get("page"))
    log = StaffAuditEntry.objects.select_related("actor", "subject").order_by("-created_at", "-id")[:STAFF_AUDIT_SIZE]
    return render(
        request, "liveblogs/desk/staff_list.html",
        {"page": page, "people": page.object_list, "log": log, "log_size": STAFF_AUDIT_SIZE},
    )


@desk_view
def staff_new(request):
    if not access.can_manage_staff(request.user):
        return _forbidden(request, _("Only admins can manage staff accounts."))
    form = StaffCreateForm(request.POST or None, initial={"role": "reporter"})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = actions.create_staff(
                by=request.user, username=data["username"], email=data["email"], password=data["password"],
                role=data["role"], display_name=data["display_name"], bio=data["bio"],
            )
        except actions.ActionError as e:
            form.add_error("username", str(e))
        else:
            messages.success(request, _("Account created for %(name)s.") % {"name": person.byline})
            return redirect("desk:staff_list")
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/staff_form.html", {"form": form, "person": None}, status=status)


@desk_view
def staff_edit(request, user_id):
    if not access.can_manage_staff(request.user):
        if request.user.pk == user_id and request.method == "GET":
            # Everyone manages their own byline photo here; the rest is for admins.
            person = get_object_or_404(_staff_queryset(), pk=user_id)
            return render(request, "liveblogs/desk/staff_form.html", {"person": person, "can_change_photo": True})
        return _forbidden(request, _("Only admins can manage staff accounts."))
    person = get_object_or_404(_staff_queryset(), pk=user_id)
    form = StaffEditForm(request.POST or None, initial=StaffEditForm.initial_for(person))
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_staff(by=request.user, user=person, **form.cleaned_data)
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Saved %(name)s’s account.") % {"name": person.byline})
            return redirect("desk:staff_list")
    status = 400 if form.errors else 200
    context = {"form": form, "person": person, "can_change_photo": access.can_change_staff_photo(request.user, person)}
    return render(request, "liveblogs/desk/staff_form.html", context, status=status)


@desk_view
@require_POST
def staff_photo(request, user_id):
    """Upload (field `photo`) or remove (`remove=1`) a byline photo: one's
    own, or anyone's for an admin. Back to the staff page with a message."""
    person = get_object_or_404(_staff_queryset(), pk=user_id)
    if not access.can_change_staff_photo(request.user, person):
        return _forbidden(request, _("You can change only your own photo."))
    upload = request.FILES.get("photo")
    if request.POST.get("remove") != "1" and upload is None:
        messages.error(request, _("Choose a picture to upload."))
        return redirect("desk:staff_edit", person.pk)
    try:
        actions.set_staff_photo(
            by=request.user, user=person, upload=None if request.POST.get("remove") == "1" else upload
        )
    except MediaError as e:
        messages.error(request, str(e))
    else:
        done = _("Saved %(name)s’s photo.") if upload else _("Removed %(name)s’s photo.")
        messages.success(request, done % {"name": person.byline})
    return redirect("desk:staff_edit", person.pk)


class SignInView(LoginView):
    """Staff sign-in with a limit on failed attempts per address, so a
    password cannot be guessed at speed."""

    template_name = "liveblogs/desk/login.html"
    redirect_authenticated_user = True

    def post(self, request, *args, **kwargs):
        who = request.META.get("REMOTE_ADDR", "unknown")
        if is_limited("sign-in", who, limit=SIGN_IN_FAILURES_ALLOWED):
            # An unbound form: the password is not even checked.
            form = self.get_form_class()(request, initial={"username": request.POST.get("username", "")})
            message = _("Too many failed sign-in attempts from here. Try again in 15 minutes.")
            return self.render_to_response(self.get_context_data(form=form, rate_limited=message), status=429)
        return super().post(request, *args, **kwargs)

    def form_invalid(self, form):
        who = self.request.META.get("REMOTE_ADDR", "unknown")
        over_limit("sign-in", who, limit=SIGN_IN_FAILURES_ALLOWED, per_seconds=SIGN_IN_WINDOW_SECONDS)
        return super().form_invalid(form)


# Media ---------------------------------------------------------------------

MEDIA_UPLOADS_PER_MINUTE = 20


@desk_view
@require_POST
def media_upload(request, slug):
    """A picture for a post, from the composer (desk-media.js): JSON back,
    with the image's id for the form's hidden `image` field."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_upload_media(request.user, blog):
        return JsonResponse({"error": _("You can add pictures only to blogs you work on.")}, status=403)
    if over_limit("desk-upload", str(request.user.pk), limit=MEDIA_UPLOADS_PER_MINUTE, per_seconds=60):
        return JsonResponse({"error": _("Too many uploads in one minute. Wait a moment, then try again.")}, status=429)
    upload = request.FILES.get("file")
    if upload is None:
        return JsonResponse({"error": _("Choose a picture to upload.")}, status=400)
    try:
        image = actions.upload_image(
            blog=blog, by=request.user, upload=upload,
            alt_text=request.POST.get("alt_text", ""),
            caption=request.POST.get("caption", ""),
            credit=request.POST.get("credit", ""),
        )
    except actions.ActionError as e:
        return JsonResponse({"error": str(e)}, status=400)
    return JsonResponse(
        {"id": image.pk, "src": image.src, "srcset": image.srcset, "alt": image.alt_text,
         "caption": image.credit_line, "width": image.width, "height": image.height},
        status=201,
    )
