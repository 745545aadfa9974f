"""The community's part of the private /me endpoint (settings.ME_PROVIDERS):
the bell's unread count and links for the signed-in reader."""

from django.urls import reverse

from community.models import Notification


def provide(request) -> dict:
    user = request.user
    from community import access

    return {
        "unread": Notification.objects.filter(recipient=user, read_at=None).count(),
        "notifications_url": reverse("community:notifications"),
        "feed_url": reverse("community:feed"),
        "profile_url": reverse("community:profile", args=[user.username]),
        "moderation_url": reverse("community:queue") if access.can_moderate(user) else "",
        "can_comment": access.can_comment(user),
    }
