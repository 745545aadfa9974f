"""Public profiles, follows and mutes, and the activity feed."""

from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from community import access, actions, limits
from community.models import Comment, Follow, Mute
from community.views.common import json_error, private, wants_json

User = get_user_model()


def find_person(handle: str):
    """/people/<username or id>/; inactive accounts have no public profile."""
    people = User.objects.filter(is_active=True)
    person = people.filter(username=handle).first()
    if person is None and handle.isdigit():
        person = people.filter(pk=int(handle)).first()
    if person is None:
        raise Http404(gettext("No such reader."))
    return person


@require_safe
@never_cache
def profile(request, handle):
    person = find_person(handle)
    public = Comment.objects.published().filter(author=person)
    me = request.user
    context = {
        "person": person,
        "comment_count": public.count(),
        "recent": list(public.for_cards().order_by("-created_at")[:20]),
        "followers": list(
            User.objects.filter(following_set__followee=person).order_by("-following_set__created_at")[:50]
        ),
        "following": list(
            User.objects.filter(follower_set__follower=person).order_by("-follower_set__created_at")[:50]
        ),
        "follower_count": Follow.objects.filter(followee=person).count(),
        "following_count": Follow.objects.filter(follower=person).count(),
        "is_me": me.is_authenticated and me.pk == person.pk,
        "i_follow": me.is_authenticated and Follow.objects.filter(follower=me, followee=person).exists(),
        "i_mute": me.is_authenticated and Mute.objects.filter(muter=me, muted=person).exists(),
        "can_follow": me.is_authenticated and access.can_follow(me, person),
    }
    return private(render(request, "community/profile.html", context))


@require_POST
def relation(request, handle):
    """follow / unfollow / mute / unmute, by the `action` field."""
    person = find_person(handle)
    me = request.user
    action = request.POST.get("action", "")

    def fail(message, status=400):
        if wants_json(request):
            return json_error(message, status)
        from django.contrib import messages

        messages.error(request, message)
        return redirect("community:profile", person.username)

    if not me.is_authenticated:
        return fail(gettext("Sign in first."), 403)
    if action not in ("follow", "unfollow", "mute", "unmute"):
        return fail(gettext("Unknown action."))
    message = limits.limited("follow", me, request)
    if message:
        return fail(message, 429)
    try:
        if action == "follow":
            actions.follow_reader(follower=me, followee=person)
        elif action == "unfollow":
            actions.unfollow_reader(follower=me, followee=person)
        elif action == "mute":
            actions.mute_reader(muter=me, muted=person)
        else:
            actions.unmute_reader(muter=me, muted=person)
    except actions.CommentError as exc:
        return fail(str(exc), 403)
    done = {
        "follow": gettext("You follow %(name)s."),
        "unfollow": gettext("You no longer follow %(name)s."),
        "mute": gettext("You muted %(name)s."),
        "unmute": gettext("You unmuted %(name)s."),
    }[action] % {"name": person.byline}
    if wants_json(request):
        return private(JsonResponse({"ok": True, "message": done}))
    from django.contrib import messages

    messages.info(request, done)
    return redirect("community:profile", person.username)


@require_safe
@never_cache
@login_required
def feed(request):
    """What the people I follow said, across blogs, newest first."""
    following = Follow.objects.filter(follower=request.user).values("followee_id")
    comments = list(
        Comment.objects.published().filter(author_id__in=following).for_cards().order_by("-created_at")[:50]
    )
    return private(
        render(
            request,
            "community/feed.html",
            {"comments": comments, "follows_anyone": Follow.objects.filter(follower=request.user).exists()},
        )
    )

