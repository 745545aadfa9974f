"""Published posts: correct and edit, pin, mark key events, delete and
restore, remove for legal reasons, and a post's history of versions."""


from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from liveblogs import access, actions, diffs
from liveblogs.forms import (
    PostEditForm,
    RemovePostForm,
    RestoreRevisionForm,
)
from liveblogs.models import Post
from liveblogs.preview import render_preview
from liveblogs.views.desk.common import (
    NOT_ON_TEAM,
    _authors,
    _blog_url,
    _confirmed,
    _get_any_post,
    _get_post,
    _post_form,
    _snapshot,
    desk_view,
    forbidden,
)
from liveblogs.views.desk.drafts import _unpublished_edit

REVISIONS_PER_PAGE = 50


@desk_view
def post_edit(request, slug, post_id):
    post = get_object_or_404(
        # Published or not yet: anything but deleted or removed posts.
        Post.objects.filter(deleted_at__isnull=True).exclude(state=Post.State.REMOVED)
        .select_related("blog", "reviewed_by"),
        pk=post_id, blog__slug=slug,
    )
    if not access.can_view_blog(request.user, post.blog):
        return forbidden(request, NOT_ON_TEAM)
    if not access.can_edit_post(request.user, post):
        return forbidden(request, _("Reporters can edit only their own posts."))
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


@desk_view
def post_history(request, slug, post_id):
    post = _get_any_post(slug, post_id)
    if not access.can_view_history(request.user, post):
        return forbidden(request, _("Only editors can see a post's history."))
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
        return forbidden(request, _("Only editors can see a post's history."))
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
        return forbidden(request, _("Only editors can restore an earlier version."))
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
        return forbidden(request, _("Only editors can restore deleted posts."))
    try:
        actions.restore_post(post=post, by=request.user)
    except actions.ActionError as e:
        messages.error(request, str(e))
        return redirect("desk:blog", slug)
    messages.success(request, _("Post restored: readers can see it again."))
    return redirect(_blog_url(post.blog, post.pk))


@desk_view
def post_delete(request, slug, post_id):
    post = _get_post(slug, post_id)
    if not access.can_view_blog(request.user, post.blog):
        return forbidden(request, NOT_ON_TEAM)
    if not access.can_delete_post(request.user, post):
        return forbidden(request, _("Reporters can delete only their own posts."))
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
        return forbidden(request, _("Only editors and admins can remove a post for legal reasons."))
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


def _switch(request, slug, post_id, *, name: str, allowed, refused, action, said_on, said_off):
    """A published post's yes/no switch (pinned, key event): the person's
    right to it, the action with `name` set from the form's "yes", its
    message, and back to the post on the desk."""
    post = _get_post(slug, post_id)
    if not allowed(request.user, post):
        return forbidden(request, refused)
    on = request.POST.get(name) == "yes"
    try:
        action(post=post, by=request.user, **{name: on})
    except actions.ActionError as e:
        messages.error(request, str(e))
    else:
        messages.success(request, said_on if on else said_off)
    return redirect(_blog_url(post.blog, post.pk))


@desk_view
@require_POST
def post_pin(request, slug, post_id):
    return _switch(
        request, slug, post_id, name="pinned", allowed=access.can_pin, refused=_("Only editors can pin posts."),
        action=actions.set_pinned, said_on=_("Pinned: readers see this post first."), said_off=_("Unpinned."),
    )


@desk_view
@require_POST
def post_key_event(request, slug, post_id):
    return _switch(
        request, slug, post_id, name="key_event", allowed=access.can_mark_key_event,
        refused=_("Only editors can mark key events."), action=actions.set_key_event,
        said_on=_("Marked as a key event."), said_off=_("No longer a key event."),
    )
