"""Rate limits on community writes: counted in a cache every process shares
(the database cache, or Redis with REDIS_URL), per account and per client
address, the address taken from X-Forwarded-For only behind trusted proxies."""

import os
import runpy
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from community import limits
from community.models import Comment, Follow
from community.tests.conftest import verify
from newsline.lib.ratelimit import over_limit
from tests.server import database_env, need_service

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "newsline" / "settings.py"
REDIS_URL = os.environ.get("TEST_REDIS_URL") or "redis://127.0.0.1:6379/0"

COUNT_ONCE = (
    "import django; django.setup();"
    "from newsline.lib.ratelimit import over_limit;"
    "print(over_limit({bucket!r}, 'someone', limit=1, per_seconds=60))"
)


def _count_in_another_process(bucket: str, env: dict) -> str:
    """One attempt counted by a fresh Python process: its own memory, its own connections."""
    full = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsline.settings", "NEWSLINE_TESTING": "1", **env}
    if "REDIS_URL" not in env:
        full.pop("REDIS_URL", None)
    done = subprocess.run([sys.executable, "-c", COUNT_ONCE.format(bucket=bucket)], env=full, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_it_chooses_redis_when_redis_url_is_set_and_the_database_cache_otherwise(monkeypatch):
    monkeypatch.delenv("REDIS_URL", raising=False)
    assert runpy.run_path(str(SETTINGS))["CACHES"]["default"]["BACKEND"].endswith("db.DatabaseCache")
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:6379/3")
    chosen = runpy.run_path(str(SETTINGS))["CACHES"]["default"]
    assert chosen["BACKEND"].endswith("RedisCache") and chosen["LOCATION"] == "redis://127.0.0.1:6379/3"


@pytest.mark.django_db(transaction=True)
def test_it_shares_database_cache_counters_between_processes(settings):
    assert settings.CACHES["default"]["BACKEND"].endswith("db.DatabaseCache") or pytest.skip("REDIS_URL is set here")
    bucket = f"shared-{uuid.uuid4().hex}"
    assert _count_in_another_process(bucket, database_env()) == "False"  # the first attempt, elsewhere
    assert over_limit(bucket, "someone", limit=1, per_seconds=60) is True  # the second, here: over


def test_it_shares_redis_counters_between_processes():
    import redis

    need_service(f"Redis at {REDIS_URL}", lambda: redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    bucket = f"shared-{uuid.uuid4().hex}"  # unique: other runs share this Redis, so nothing is cleared
    env = {"REDIS_URL": REDIS_URL, "REALTIME_BROKER": "inprocess"}
    assert _count_in_another_process(bucket, env) == "False"
    assert _count_in_another_process(bucket, env) == "True"


pytestmark = pytest.mark.django_db


def _post(client, blog, body, **headers):
    return client.post(f"/live/{blog.slug}/comments/", {"body": body}, HTTP_ACCEPT="application/json", **headers)


@pytest.fixture
def tight_ip_limits(monkeypatch):
    monkeypatch.setitem(limits.IP_LIMITS, "comment", [(1, 60, "Too many comments from your network: wait.")])
    monkeypatch.setitem(limits.IP_LIMITS, "follow", [(1, 60, "Too many follows from your network: wait.")])


def test_it_limits_comments_per_address_across_accounts(client, blog, rosa, sam, editor, tight_ip_limits):
    client.force_login(rosa)
    assert _post(client, blog, "From the cafe", REMOTE_ADDR="198.51.100.7").status_code == 200
    client.force_login(sam)
    refused = _post(client, blog, "Also from the cafe", REMOTE_ADDR="198.51.100.7")
    assert refused.status_code == 429 and "from your network" in refused.json()["error"]
    client.force_login(verify(editor))
    assert _post(client, blog, "From home", REMOTE_ADDR="203.0.113.20").status_code == 200
    assert list(Comment.objects.values_list("body", flat=True).order_by("pk")) == ["From the cafe", "From home"]


def test_it_ignores_forwarded_addresses_without_trusted_proxies(client, blog, rosa, sam, tight_ip_limits, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    client.force_login(rosa)
    assert _post(client, blog, "One", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    client.force_login(sam)
    # A made-up X-Forwarded-For does not buy a fresh counter.
    assert _post(client, blog, "Two", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 429


def test_it_counts_the_reader_address_behind_a_trusted_proxy(client, blog, rosa, sam, tight_ip_limits, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client.force_login(rosa)
    assert _post(client, blog, "One", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.1").status_code == 200
    client.force_login(sam)
    assert _post(client, blog, "Two", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2").status_code == 200
    third = _post(client, blog, "Three", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.2")
    assert third.status_code == 429


def test_it_limits_follows_per_address(client, rosa, sam, editor, tight_ip_limits):
    other = verify(editor)
    client.force_login(rosa)
    first = client.post(f"/people/{sam.username}/relation", {"action": "follow"}, HTTP_ACCEPT="application/json",
                        REMOTE_ADDR="198.51.100.9")
    assert first.status_code == 200
    client.force_login(sam)
    second = client.post(f"/people/{other.username}/relation", {"action": "follow"}, HTTP_ACCEPT="application/json",
                         REMOTE_ADDR="198.51.100.9")
    assert second.status_code == 429 and "from your network" in second.json()["error"]
    assert Follow.objects.count() == 1


NOWHERE = {"default": {"BACKEND": "newsline.lib.tolerant_cache.TolerantRedisCache", "LOCATION": "redis://127.0.0.1:1/0"}}


def test_it_lets_comments_and_sign_in_through_while_redis_is_away(client, blog, rosa, settings):
    settings.CACHES = NOWHERE  # Django resets its cache handlers on this change
    signed_in = client.post("/accounts/login/", {"login": rosa.username, "password": "wrong guess"})
    assert signed_in.status_code == 200  # the form again, with its error, not a server error
    client.force_login(rosa)
    assert _post(client, blog, "Posted while the cache is down").status_code == 200
    assert Comment.objects.filter(body="Posted while the cache is down").exists()
