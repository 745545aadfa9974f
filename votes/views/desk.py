"""The desk's side: add a poll to a post, close it by hand. Like every desk
page: @desk_view (sign-in, newsroom role, write limit), one access check,
one action (which writes the audit entry), a message."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from liveblogs.actions import ActionError
from liveblogs.models import Post
from liveblogs.views.desk.common import desk_view, forbidden
from votes import access, actions
from votes.forms import PollForm
from votes.models import Poll


def _post(slug, post_id) -> Post:
    return get_object_or_404(
        Post.objects.filter(deleted_at__isnull=True).select_related("blog"), pk=post_id, blog__slug=slug
    )


def _back(post: Post) -> str:
    return f"{reverse('desk:blog', args=[post.blog.slug])}#post-{post.pk}"


@desk_view
def poll_add(request, slug, post_id):
    post = _post(slug, post_id)
    if not access.can_add_poll(request.user, post):
        if access.hasattr_poll(post):
            messages.info(request, _("This post already has a poll."))
            return redirect(_back(post))
        return forbidden(request, _("Only editors can add polls."))
    form = PollForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            actions.add_poll(
                post=post,
                by=request.user,
                question=data["question"],
                answers=form.answers(),
                closes_at=data["closes_at"],
            )
        except actions.PollInvalid as e:
            form.add_error(e.field, str(e))
        except ActionError as e:
            form.add_error(None, str(e))
        else:
            messages.success(request, _("Poll added: readers can vote on it now.") if post.published_at
                             else _("Poll added: readers can vote once the post is published."))
            return redirect(_back(post))
    status = 400 if form.errors else 200
    return render(request, "votes/desk/poll_form.html", {"form": form, "post": post, "blog": post.blog}, status=status)


@desk_view
@require_POST
def poll_close(request, slug, post_id):
    post = _post(slug, post_id)
    poll = get_object_or_404(Poll, post=post)
    if not access.can_close_poll(request.user, poll):
        if poll.closed_at is not None:
            messages.info(request, _("This poll was already closed."))
            return redirect(_back(post))
        return forbidden(request, _("Only editors can close polls."))
    actions.close_poll(poll=poll, by=request.user)
    messages.success(request, _("Poll closed: readers see the final result."))
    return redirect(_back(post))


def analytics_section(request, blog):
    """The blog's polls with their results on its readers report
    (settings.DESK_ANALYTICS_SECTIONS): each poll's answers with votes and
    percentages, drawn as the reader page draws them. Counted in one query."""
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    from votes.results import poll_counts, poll_result

    polls = list(
        Poll.objects.filter(blog=blog, post__deleted_at__isnull=True)
        .select_related("post", "post__blog")
        .order_by("created_at", "id")
    )
    counts = poll_counts([p.pk for p in polls if p.final_counts is None])
    shown = [{**poll_result(p, counts.get(p.pk, {})), "poll": p} for p in polls]
    return mark_safe(render_to_string("votes/desk/_analytics.html", {"blog": blog, "polls": shown}, request=request))
