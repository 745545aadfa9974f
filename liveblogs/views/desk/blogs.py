"""Running a live blog: the desk home, starting one, its details, opening and
closing it, the blog's desk page (composer, timeline, drafts and queue), who
has it open, its audit log and its team."""


from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts import access as accounts_access
from liveblogs import access, actions, idempotency, presence
from liveblogs.forms import (
    AssignStaffForm,
    BlogEditForm,
    BlogForm,
    SendBackForm,
)
from liveblogs.models import LiveBlog, Post
from liveblogs.preview import render_preview
from liveblogs.stream import SOURCE as LIVEBLOG_SOURCE
from liveblogs.views.desk.common import NOT_ON_TEAM, _authors, _blog_url, _confirmed, _post_form, desk_view, forbidden
from liveblogs.views.desk.drafts import _already_published, _go, _intent, _own_unpublished, _refuse_intent
from realtime.audience import readers_now

BLOGS_PER_PAGE = 50
# The desk timeline is for working on recent posts; older ones are on the
# reader page. Bounded so a long-running blog never renders thousands.
DESK_TIMELINE_SIZE = 50
# Deleted posts listed for restoring, newest deletion first.
DELETED_LIST_SIZE = 50
AUDIT_ENTRIES_PER_PAGE = 50


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
            "can_manage_staff": accounts_access.can_manage_staff(request.user),
        },
    )


@desk_view
def blog_new(request):
    if not access.can_manage_blog(request.user):
        return forbidden(request, _("Only editors can start a live blog."))
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
        return forbidden(request, _("Only editors can change a live blog's details."))
    form = BlogEditForm(request.POST or None, initial=BlogEditForm.initial_for(blog), blog=blog)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        slots = form.ad_slots()
        try:
            # The details and the slots are saved together or not at all: a
            # card deleted between the form's check and the save leaves the
            # details unsaved too, and the page says so with what was typed
            # (set_ad_slots looks for the card under a row lock, so the
            # plan's foreign key cannot fail later, at commit).
            with transaction.atomic():
                actions.update_blog(
                    blog=blog, by=request.user, headline=data["headline"], standfirst=data["standfirst"],
                    topics=data["topics"], image_id=form.chosen_image_id(), summary=data["summary"],
                    slug=data["slug"], language=data["language"] or actions.KEEP,
                    reactions_enabled=form.reactions_enabled(),
                )
                if slots is not actions.KEEP:
                    fill, every, cap = slots
                    actions.set_ad_slots(blog=blog, by=request.user, fill=fill, every=every, cap=cap)
        except actions.SlotFillGone as e:
            form.add_error("slot_fill", str(e))
        except actions.ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Details saved."))
            blog.refresh_from_db(fields=["slug"])
            return redirect("desk:blog", blog.slug)
    if form.errors and request.method == "POST":
        blog.refresh_from_db()  # update_blog set what was typed on it; none of it was saved
    status = 400 if form.errors else 200
    return render(request, "liveblogs/desk/blog_form.html", {"form": form, "blog": blog}, status=status)


@desk_view
@require_POST
def blog_open(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_manage_blog(request.user, blog):
        return forbidden(request, _("Only editors can open a live blog."))
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
        return forbidden(request, _("Only editors can close a live blog."))
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
def blog(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_blog(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
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
        if earlier := idempotency.published_with_key(by=request.user, key=form_key):
            return _already_published(request, earlier)
        draft = _own_unpublished(request, blog, form.cleaned_data.get("draft"))
        try:
            message, post = _go(request, blog=blog, intent=intent, form=form, post=draft, form_key=form_key)
        except actions.AlreadyPublished as e:
            return _already_published(request, e.post)
        except actions.ActionError as e:
            # Its draft was published by the first send while this one waited.
            if earlier := idempotency.published_with_key(by=request.user, key=form_key):
                return _already_published(request, earlier)
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
def blog_audit(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_view_audit(request.user, blog):
        return forbidden(request, _("Only editors can see the audit log."))
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
def blog_team(request, slug):
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_assign_staff(request.user, blog):
        return forbidden(request, _("Only editors can change a blog's team."))
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
        return forbidden(request, _("Only editors can change a blog's team."))
    person = get_object_or_404(get_user_model(), pk=user_id)
    actions.unassign_staff(blog=blog, by=request.user, user=person)
    messages.success(request, f"{person.byline} is off the team.")
    return redirect("desk:blog_team", blog.slug)
