"""Seeing before readers do: a post as readers will see it while it is
written, the blog's reader page for its team, and signed preview links for
people without a desk role."""


from django.conf import settings
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_POST

from liveblogs import access, actions
from liveblogs.models import LiveBlog, Post
from liveblogs.preview import render_preview
from liveblogs.views.desk.common import NOT_ON_TEAM, _authors, _post_form, desk_view, forbidden
from newsline.lib.ratelimit import over_limit
from newsline.middleware import DESK_PREVIEW_CSP

# Previews follow typing (one a second at most from desk.js); they write nothing.
PREVIEWS_PER_MINUTE = 600


@desk_view
def blog_reader_preview(request, slug):
    """The blog's reader page as readers will see it, draft or not: for its
    team, private and never cached."""
    from liveblogs.views.reader import _private_preview, render_blog_page

    blog = get_object_or_404(LiveBlog.objects.select_related("image"), slug=slug)
    if not access.can_preview_blog(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    return _private_preview(render_blog_page(request, blog, preview="staff"))


@desk_view
def blog_share_preview(request, slug):
    """Make a signed link to the draft's reader page for someone without a
    desk role, or withdraw every link made so far."""
    from liveblogs import preview_links

    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_share_preview(request.user, blog):
        return forbidden(request, _("Only editors can share a preview of a live blog."))
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


@desk_view(rate_limited=False)
@require_POST
@xframe_options_sameorigin
def post_preview(request, slug):
    """The post as readers will see it, from the compose or edit form's
    unsaved fields (desk.js shows it beside the composer as you type). A
    small document with the reader's stylesheet; nothing is saved."""
    blog = get_object_or_404(LiveBlog, slug=slug)
    if not access.can_submit(request.user, blog):
        return forbidden(request, NOT_ON_TEAM)
    if over_limit("desk-preview", str(request.user.pk), limit=PREVIEWS_PER_MINUTE, per_seconds=60):
        return HttpResponse(_("Too many previews in one minute."), status=429, content_type="text/plain")
    post = None
    if request.POST.get("post", "").isdigit():
        post = Post.objects.filter(pk=int(request.POST["post"]), blog=blog).exclude(state=Post.State.REMOVED).first()
        if post is None or not access.can_edit_post(request.user, post):
            return forbidden(request, _("You cannot edit this post."))
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
