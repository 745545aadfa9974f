"""Who may do what in distribution. One gate per object type, one condition
per line. Writes through the API are also checked by liveblogs.access, the
same gates as the desk."""

from liveblogs import access as desk_access


def can_manage_api_tokens(user) -> bool:
    """Create and revoke one's own API tokens: anyone who works in the desk."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return desk_access.can_use_desk(user)


def can_read_drafts(user) -> bool:
    """Through a token with the read scope: blogs not yet open."""
    if not user.is_active:
        return False
    return desk_access.can_use_desk(user)


def can_manage_webhooks(user) -> bool:
    """Register, change and remove outbound webhooks: editors and admins."""
    if not user.is_authenticated:
        return False
    if not user.is_active:
        return False
    return desk_access.can_manage_blog(user)
