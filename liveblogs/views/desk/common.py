"""What every desk page shares: `desk_view` (sign-in, a newsroom role, the
write limit), `forbidden` (the 403 page other apps' desk pages use too),
NOT_ON_TEAM, and the small lookups the blog, post and draft pages have in
common."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from liveblogs import access
from liveblogs.forms import (
    PostEditForm,
    PostForm,
)
from liveblogs.models import REVISION_FIELDS, LiveBlog, Post
from newsline.lib.ratelimit import over_limit

# Far above what a person does; stops a runaway script or a stolen session
# from flooding a live blog.
DESK_WRITES_PER_MINUTE = 120
NOT_ON_TEAM = _("You are not on this live blog's team. An editor can add you to it.")


def forbidden(request, reason: str):
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
            return forbidden(request, _("The newsroom desk is for contributors, reporters, editors and admins."))
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


def _authors(form) -> list | None:
    """The chosen bylines, or None for "the writer"."""
    return list(form.cleaned_data.get("authors") or []) or None
