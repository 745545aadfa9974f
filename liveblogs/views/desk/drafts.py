"""Posts before they are published: what a compose or draft form asks for
(publish, save, submit, schedule), autosave, the unpublished post's edit
page, and an editor's approve and send back; discard and unschedule."""


from django.conf import settings
from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from liveblogs import access, actions, diffs
from liveblogs.forms import (
    PostEditForm,
    SendBackForm,
)
from liveblogs.models import AuditEntry, LiveBlog, Post
from liveblogs.preview import render_preview
from liveblogs.views.desk.common import NOT_ON_TEAM, _authors, _blog_url, _post_form, _snapshot, desk_view, forbidden
from newsline.templatetags.newsline_i18n import news_datetime

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


def _already_published(request, post: Post):
    """The second answer to a compose form sent twice: the post the first
    made, on its own blog (one key is one post, whichever blog it was sent to)."""
    messages.success(
        request, _("Already published: this form was sent twice, so it was published once. Here it is."),
        extra_tags="published",
    )
    return redirect(_blog_url(post.blog, post.pk))


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


def _refuse_intent(request, blog: LiveBlog, intent: str):
    """403 for an intent this person may never use here, else None. Posting
    to an ended blog is refused by the action instead, keeping the text."""
    if blog.is_ended and access.can_view_blog(request.user, blog):
        return None
    if intent in PUBLISHING_INTENTS and not access.can_publish(request.user, blog):
        return forbidden(request, _("Contributors cannot publish: submit your post for an editor to approve."))
    if not access.can_submit(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    return None


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
        return forbidden(request, _("Only editors can approve posts."))
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
        return forbidden(request, _("Only editors can send posts back."))
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
        return forbidden(request, _("You can discard only your own drafts."))
    actions.discard_draft(post=post, by=request.user)
    messages.success(request, _("Draft discarded."))
    return redirect("desk:blog", slug)


@desk_view
@require_POST
def post_unschedule(request, slug, post_id):
    post = _get_unpublished(slug, post_id, Post.State.SCHEDULED)
    if not (access.can_publish(request.user, post.blog) and access.can_edit_post(request.user, post)):
        return forbidden(request, _("Only the people who may publish this post can change its schedule."))
    actions.unschedule_post(post=post, by=request.user)
    messages.success(request, _("Taken off the schedule: it is a draft again."))
    return redirect("desk:post_edit", slug, post.pk)


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
