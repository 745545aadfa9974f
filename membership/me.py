"""membership's part of the private /me endpoint (settings.ME_PROVIDERS)."""

from django.middleware.csrf import get_token
from django.urls import reverse

from membership.entitlements import member_state
from membership.models import Bookmark

# Bounds what one /me response carries; the Saved page shows everything.
MAX_SAVED_IN_ME = 500


def provide(request) -> dict:
    user = request.user
    state = member_state(user)
    saved = list(Bookmark.objects.filter(user=user).values_list("blog__slug", "post_id")[:MAX_SAVED_IN_ME])
    if state.has_premium:
        asks = "none"
    elif state.is_supporter:
        asks = "fewer"
    else:
        asks = "all"
    return {
        "premium": state.has_premium,
        "status": state.status,
        "supporter": state.is_supporter,
        "asks": asks,
        "saved_blogs": sorted({slug for slug, post in saved if post is None}),
        "saved_posts": sorted({post for slug, post in saved if post is not None}),
        # The reader page carries no token (it is the same for everyone), so
        # scripts take it from here; this response also sets the CSRF cookie.
        "csrf": get_token(request),
        "bookmark_url": reverse("membership:bookmark"),
        "saved_url": reverse("membership:saved"),
        "join_url": reverse("membership:join"),
        "account_url": reverse("membership:account"),
    }
