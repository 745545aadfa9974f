"""The local toxicity classifier (alt-profanity-check's shipped model) in the
moderation pipeline: abusive comments are held for a moderator, ordinary ones
published; off unless COMMUNITY_TOXICITY=local."""

import runpy
from pathlib import Path

import pytest

from community.classifiers import local_toxicity
from newsline.lib.env import ConfigError

SETTINGS = Path(__file__).resolve().parents[2] / "newsline" / "settings.py"

ABUSIVE = [
    "You are a worthless idiot, shut up you stupid piece of shit",
    "What a fucking moron, nobody cares about your garbage opinion",
]
ORDINARY = [
    "The council moved the meeting to Thursday, so the vote is next week.",
    "Thanks for the update. Is the bridge on the ring road open again?",
    "I disagree with the minister here: the figures in the report do not add up.",
]


@pytest.fixture
def local(settings):
    settings.COMMUNITY_TOXICITY_CLASSIFIER = "community.classifiers.local_toxicity"
    settings.COMMUNITY_TOXICITY_HOLD = 0.8


def test_it_scores_abuse_high_and_ordinary_text_low():
    assert all(local_toxicity(text) >= 0.8 for text in ABUSIVE)
    assert all(local_toxicity(text) < 0.5 for text in ORDINARY)


@pytest.mark.django_db
def test_it_holds_abusive_comments_and_publishes_ordinary_ones(blog, rosa, comment_on, local):
    for text in ABUSIVE:
        held = comment_on(rosa, text)
        assert held.status == "pending" and "toxicity" in held.tags
    for text in ORDINARY:
        published = comment_on(rosa, text)
        assert published.status == "published" and "toxicity" not in published.tags


@pytest.mark.django_db
def test_it_holds_only_at_or_above_the_configured_threshold(blog, rosa, comment_on, local, settings):
    settings.COMMUNITY_TOXICITY_HOLD = 1.01  # nothing can score this high
    assert comment_on(rosa, ABUSIVE[0]).status == "published"


def test_it_is_off_unless_configured_and_refuses_unknown_values(monkeypatch):
    monkeypatch.delenv("COMMUNITY_TOXICITY_CLASSIFIER", raising=False)
    monkeypatch.delenv("COMMUNITY_TOXICITY", raising=False)
    assert runpy.run_path(str(SETTINGS))["COMMUNITY_TOXICITY_CLASSIFIER"] == ""
    monkeypatch.setenv("COMMUNITY_TOXICITY", "local")
    assert runpy.run_path(str(SETTINGS))["COMMUNITY_TOXICITY_CLASSIFIER"] == "community.classifiers.local_toxicity"
    monkeypatch.setenv("COMMUNITY_TOXICITY", "cloud")
    with pytest.raises(ConfigError, match="expected off or local"):
        runpy.run_path(str(SETTINGS))


SEEN_IN_TRANSACTION = []


def recording_classifier(text):
    from django.db import connection

    SEEN_IN_TRANSACTION.append(connection.in_atomic_block)
    return 0.0


@pytest.mark.django_db(transaction=True)
def test_it_classifies_before_locking_the_thread(blog, rosa, comment_on, settings):
    # A model loading (seconds, the first time) or a remote service must not hold other writers up.
    settings.COMMUNITY_TOXICITY_CLASSIFIER = "community.tests.test_toxicity_local.recording_classifier"
    SEEN_IN_TRANSACTION.clear()
    assert comment_on(rosa, "An ordinary remark about the weather.").status == "published"
    assert SEEN_IN_TRANSACTION == [False]
