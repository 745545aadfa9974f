"""Rate limits on votes and reactions, per reader (account or voter id) and
per client address, counted in the shared cache (newsline.lib.ratelimit).
Each returns a message for the reader, or None."""

from django.conf import settings
from django.utils.translation import gettext as _

from newsline.lib.ratelimit import over_limit


def limited(request, who: str) -> str | None:
    from community.limits import client_ip

    if over_limit("votes-reader-60", who, limit=settings.VOTES_PER_READER_PER_MINUTE, per_seconds=60):
        return _("You are voting very quickly: wait a moment, then try again.")
    if over_limit("votes-ip-60", client_ip(request), limit=settings.VOTES_PER_ADDRESS_PER_MINUTE, per_seconds=60):
        return _("Too many votes from your network in the last minute: wait a moment, then try again.")
    return None
