"""liveblogs.embeds.recognise: pasted URLs to embeds, from the URL alone."""

import socket

import pytest

from liveblogs.embeds import recognise


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("embeds must never touch the network")

    monkeypatch.setattr(socket, "socket", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


# What reporters paste, as the providers' share buttons give it.
CASES = [
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "YouTube", "video", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtu.be/dQw4w9WgXcQ?si=abc", "YouTube", "video", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://youtube.com/shorts/aBcD_123-xY", "YouTube", "video", "https://www.youtube-nocookie.com/embed/aBcD_123-xY"),
    ("https://x.com/CoastGuard/status/1790000000000000001", "X", "post", "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001&dnt=true"),
    ("https://twitter.com/CoastGuard/status/17900000?s=20", "X", "post", "https://platform.twitter.com/embed/Tweet.html?id=17900000&dnt=true"),
    ("https://bsky.app/profile/did:plc:abc123xyz/post/3kq2w7yzabc2d", "Bluesky", "post",
     "https://embed.bsky.app/embed/did%3Aplc%3Aabc123xyz/app.bsky.feed.post/3kq2w7yzabc2d"),
    ("https://t.me/valleynews/1234", "Telegram", "post", "https://t.me/valleynews/1234?embed=1&dark=0"),
    ("https://www.instagram.com/p/C8xYz12AbCd/?igsh=x", "Instagram", "post", "https://www.instagram.com/p/C8xYz12AbCd/embed/"),
    ("https://www.instagram.com/reel/C8xYz12AbCd/", "Instagram", "post", "https://www.instagram.com/reel/C8xYz12AbCd/embed/"),
    ("https://www.tiktok.com/@valley.weather/video/7312345678901234567", "TikTok", "video", "https://www.tiktok.com/embed/v2/7312345678901234567"),
    ("https://m.tiktok.com/@valley.weather/video/7312345678901234567", "TikTok", "video", "https://www.tiktok.com/embed/v2/7312345678901234567"),
    ("https://m.youtube.com/watch?v=dQw4w9WgXcQ", "YouTube", "video", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
    ("https://mastodon.social/@floodwatch/112233445566778899", "Mastodon", "post", "https://mastodon.social/@floodwatch/112233445566778899/embed"),
    ("https://social.example.org/@river@news.example/42", "Mastodon", "post", "https://social.example.org/@river@news.example/42/embed"),
]


@pytest.mark.parametrize("url,provider,kind,frame_src", CASES)
def test_it_recognises_each_provider_from_the_url(url, provider, kind, frame_src):
    embed = recognise(url)
    assert (embed.provider, embed.kind, embed.frame_src) == (provider, kind, frame_src)
    assert not embed.is_link_card


@pytest.mark.parametrize("url", [
    "https://example.org/news/flood-defences-explained",
    "https://www.youtube.com/channel/UC123",  # not a video
    "https://x.com/CoastGuard",  # a profile, not a post
    "https://unreachable.invalid/whatever",
    # Look-alike hosts are not the provider, whatever the path says.
    "https://www.eviltiktok.com/@valley.weather/video/7312345678901234567",
    "https://tiktok.com.example.org/@valley.weather/video/7312345678901234567",
    "https://notyoutube.com/watch?v=dQw4w9WgXcQ",
])
def test_it_makes_a_plain_link_card_of_anything_else(url):
    embed = recognise(url)
    assert embed.is_link_card
    assert embed.url == url


def test_it_offers_a_bluesky_handle_link_as_a_link_card():
    # Turning a handle into the DID the embed page needs takes a look-up.
    embed = recognise("https://bsky.app/profile/valley.news/post/3kq2w7yzabc2d")
    assert embed.provider == "Bluesky" and embed.is_link_card


@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://example.org/x", "not a url", ""])
def test_it_refuses_what_is_not_a_web_address(url):
    assert recognise(url) is None
