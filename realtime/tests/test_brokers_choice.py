"""Choosing a broker: REALTIME_BROKER, its `auto` default, and bad values
that stop the process at start. The settings module is run afresh with the
environment each case sets, as a process would at start."""

import runpy
from pathlib import Path

import pytest

from newsline.lib.env import ConfigError
from realtime import brokers

SETTINGS = Path(__file__).resolve().parents[2] / "newsline" / "settings.py"
POSTGRES = "postgres://newsline@db.internal:5432/newsline"


def _settings(monkeypatch, **env) -> dict:
    for name in ("REALTIME_BROKER", "REDIS_URL", "DATABASE_URL"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(SETTINGS))


@pytest.mark.parametrize(
    "env, chosen",
    [
        ({}, "inprocess"),
        ({"DATABASE_URL": POSTGRES}, "postgres"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0"}, "redis"),
        ({"REDIS_URL": "redis://127.0.0.1:6379/0", "DATABASE_URL": POSTGRES}, "redis"),
        ({"REALTIME_BROKER": "inprocess", "REDIS_URL": "redis://127.0.0.1:6379/0"}, "inprocess"),
        ({"REALTIME_BROKER": " Postgres ", "DATABASE_URL": POSTGRES}, "postgres"),
    ],
)
def test_it_chooses_the_broker_from_the_environment(monkeypatch, env, chosen):
    assert _settings(monkeypatch, **env)["REALTIME_BROKER"] == chosen


@pytest.mark.parametrize(
    "env, message",
    [
        (
            {"REALTIME_BROKER": "carrier-pigeon"},
            "REALTIME_BROKER='carrier-pigeon': expected auto, inprocess, postgres or redis",
        ),
        ({"REALTIME_BROKER": "redis"}, "REALTIME_BROKER=redis needs REDIS_URL"),
        ({"REALTIME_BROKER": "postgres"}, "REALTIME_BROKER=postgres needs DATABASE_URL to point at PostgreSQL"),
        ({"REDIS_URL": "http://user:hunter2@cache.internal/"}, "REDIS_URL starts with 'http'"),
    ],
)
def test_it_refuses_a_bad_choice_at_start(monkeypatch, env, message):
    with pytest.raises(ConfigError) as raised:
        _settings(monkeypatch, **env)
    assert message in str(raised.value)
    assert "hunter2" not in str(raised.value)


def test_it_builds_the_broker_named_in_settings(settings):
    settings.REDIS_URL = "redis://:hunter2@127.0.0.1:6379/0"
    assert isinstance(brokers.build("inprocess"), brokers.InProcessBroker)
    assert isinstance(brokers.build("postgres"), brokers.PostgresBroker)
    redis_broker = brokers.build("redis")
    assert isinstance(redis_broker, brokers.RedisBroker)
    # Printed by `manage.py serve`: where, never the password.
    assert redis_broker.describe() == "redis (pub/sub on channel newsline_events at 127.0.0.1:6379)"


def test_it_reads_wake_ups_and_ignores_anything_else_on_the_channel():
    assert brokers.decode(brokers.encode("liveblog", "storm", 42)) == ("liveblog", "storm", 42)
    assert brokers.decode(b"liveblog storm 42") == ("liveblog", "storm", 42)
    for junk in ("", "liveblog", "liveblog storm", "liveblog storm x", b"\xff\xfe 1", "liveblog  -3"):
        assert brokers.decode(junk) is None


def test_it_puts_the_chosen_brokers_publish_after_every_commit():
    from realtime.registry import _listeners

    current = brokers.get_broker()
    replacement = brokers.PostgresBroker()
    try:
        assert brokers.use(replacement) is current
        assert replacement.publish in _listeners
        assert current.publish not in _listeners
    finally:
        brokers.use(current)
    assert replacement.publish not in _listeners
