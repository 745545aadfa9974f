"""Rate limits on community writes, per signed-in account, counted in the
shared cache (newsline.lib.ratelimit). Each returns a message or None."""

from newsline.lib.ratelimit import over_limit

# bucket: (attempts, per seconds, message)
LIMITS = {
    "comment": [(1, 3, "You are posting too quickly: wait a few seconds."),
                (30, 3600, "You have posted a lot in the last hour: try again later.")],
    "edit": [(10, 60, "Too many edits in a minute: wait a moment.")],
    "like": [(30, 60, "Too many likes in a minute: wait a moment.")],
    "report": [(10, 3600, "You have sent many reports this hour: a moderator will look at them.")],
    "follow": [(30, 60, "Too many follows in a minute: wait a moment.")],
}


def limited(bucket: str, user) -> str | None:
    for limit, per, message in LIMITS[bucket]:
        if over_limit(f"community-{bucket}-{per}", str(user.pk), limit=limit, per_seconds=per):
            return message
    return None
