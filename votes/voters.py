"""Who is voting, for readers without an account.

An anonymous reader is a random voter id, handed out signed (a token) by a
small private endpoint (`GET /votes/voter`, `Cache-Control: private,
no-store`), never by a cached page: every copy of a reader page stays the
same bytes for everyone. The page's script keeps the token in localStorage
and sends it with each vote. The same endpoint also sets it as a cookie
scoped to `/votes/` (HttpOnly, SameSite=Lax), so a reader without
JavaScript, voting on the per-poll page, is the same voter; the cookie never
travels with a request for a reader page, so caches in front never see it.

New ids are rate limited per client address (VOTES_VOTERS_PER_HOUR), which
bounds how many votes one machine can cast by minting ids; a token lives
VOTES_VOTER_DAYS."""

import secrets

from django.conf import settings
from django.core import signing

from newsline.lib.ratelimit import over_limit

SALT = "votes.voter"
COOKIE = "nl_voter"
COOKIE_PATH = "/votes/"
HEADER = "HTTP_X_NEWSLINE_VOTER"


def new_token() -> tuple[str, str]:
    voter = secrets.token_hex(16)
    return voter, token_for(voter)


def token_for(voter: str) -> str:
    return signing.dumps(voter, salt=SALT, compress=False)


def voter_from(token: str | None) -> str | None:
    """The voter id inside a token, or None if it is missing, altered or expired."""
    if not token or len(token) > 200:
        return None
    try:
        voter = signing.loads(token, salt=SALT, max_age=settings.VOTES_VOTER_DAYS * 86400)
    except signing.BadSignature:
        return None
    return voter if isinstance(voter, str) and len(voter) == 32 else None


def may_mint(request) -> bool:
    from community.limits import client_ip

    return not over_limit(
        "votes-voters-3600", client_ip(request), limit=settings.VOTES_VOTERS_PER_HOUR, per_seconds=3600
    )


def set_cookie(response, request, token: str) -> None:
    response.set_cookie(
        COOKIE, token, max_age=settings.VOTES_VOTER_DAYS * 86400, path=COOKIE_PATH, httponly=True,
        samesite="Lax", secure=request.is_secure(),
    )
