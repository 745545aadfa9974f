"""Embeds by pasting a URL: which provider a post's link belongs to and how
to show it, worked out from the URL alone (no network, ever, at save or at
render time).

Readers first see a placeholder (liveblogs/_embed.html): the provider's
name, a plain link to the original, and a button. Nothing is fetched from the
provider until the reader presses it; then embeds.js puts the provider's
own embed page in a sandboxed iframe. The page never loads a third-party
script by itself. A URL no provider claims becomes a plain link card."""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, quote, urlsplit


@dataclass(frozen=True)
class Embed:
    url: str  # what the reporter pasted
    provider: str  # "YouTube", … or "" for a plain link card
    kind: str  # "video", "post" or "link"
    frame_src: str = ""  # the provider's embed page, loaded only on a click
    host: str = ""

    @property
    def is_link_card(self) -> bool:
        return not self.frame_src


_ID = r"[A-Za-z0-9_-]+"

# Each provider claims its own hosts, exactly ("www." is taken off first):
# a suffix test would also claim eviltiktok.com.
YOUTUBE_HOSTS = ("youtube.com", "m.youtube.com")
TIKTOK_HOSTS = ("tiktok.com", "m.tiktok.com")


def _youtube(host, path, query):
    if host in ("youtu.be",):
        m = re.fullmatch(rf"/({_ID})/?", path)
        vid = m and m.group(1)
    elif host in YOUTUBE_HOSTS:
        m = re.fullmatch(rf"/(?:shorts|embed|live)/({_ID})/?", path)
        vid = m.group(1) if m else (parse_qs(query).get("v", [""])[0] if path == "/watch" else "")
    else:
        return None
    if vid and re.fullmatch(r"[A-Za-z0-9_-]{6,20}", vid):
        return "YouTube", "video", f"https://www.youtube-nocookie.com/embed/{vid}"
    return None


def _x(host, path, query):
    if host not in ("twitter.com", "x.com", "mobile.twitter.com"):
        return None
    m = re.fullmatch(r"/\w{1,15}/status/(\d{1,20})/?", path)
    if m:
        return "X", "post", f"https://platform.twitter.com/embed/Tweet.html?id={m.group(1)}&dnt=true"
    return None


def _bluesky(host, path, query):
    if host != "bsky.app":
        return None
    m = re.fullmatch(r"/profile/([^/]+)/post/([a-z0-9]{5,20})/?", path)
    if not m:
        return None
    who, rkey = m.groups()
    if who.startswith("did:"):
        return "Bluesky", "post", f"https://embed.bsky.app/embed/{quote(who)}/app.bsky.feed.post/{rkey}"
    # A handle needs a network look-up to become the DID the embed page
    # wants: offer the link instead.
    return "Bluesky", "post", ""


def _telegram(host, path, query):
    if host not in ("t.me", "telegram.me"):
        return None
    m = re.fullmatch(r"/(\w{4,64})/(\d{1,12})/?", path)
    if m:
        return "Telegram", "post", f"https://t.me/{m.group(1)}/{m.group(2)}?embed=1&dark=0"
    return None


def _instagram(host, path, query):
    if host not in ("instagram.com", "www.instagram.com"):
        return None
    m = re.fullmatch(rf"/(p|reel|tv)/({_ID})/?", path)
    if m:
        return "Instagram", "post", f"https://www.instagram.com/{m.group(1)}/{m.group(2)}/embed/"
    return None


def _tiktok(host, path, query):
    if host not in TIKTOK_HOSTS:
        return None
    m = re.fullmatch(r"/@[\w.]{1,40}/video/(\d{5,25})/?", path)
    if m:
        return "TikTok", "video", f"https://www.tiktok.com/embed/v2/{m.group(1)}"
    return None


def _mastodon(host, path, query):
    # Any server: https://<server>/@user/<numeric id> (and /@user@other.server/<id>).
    m = re.fullmatch(r"/@([\w.]+(?:@[\w.-]+)?)/(\d{1,20})/?", path)
    if m and "." in host:
        return "Mastodon", "post", f"https://{host}/@{m.group(1)}/{m.group(2)}/embed"
    return None


PROVIDERS = (_youtube, _x, _bluesky, _telegram, _instagram, _tiktok, _mastodon)


def recognise(url: str) -> Embed | None:
    """The embed for a pasted URL; None if it is not an http(s) address."""
    url = (url or "").strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    host = parts.hostname.lower()
    bare = host[4:] if host.startswith("www.") and not host.endswith("instagram.com") else host
    for provider in PROVIDERS:
        found = provider(bare, parts.path or "/", parts.query)
        if found:
            name, kind, frame_src = found
            return Embed(url=url, provider=name, kind=kind, frame_src=frame_src, host=host)
    return Embed(url=url, provider="", kind="link", host=host)
