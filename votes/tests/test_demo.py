"""votes/demo.py runs from load_demo: the running blog shows a poll with
votes and reactions; running it again adds nothing."""

import io

import pytest
from django.core.management import call_command

from votes.models import Poll, PollVote, Reaction

pytestmark = pytest.mark.django_db


def test_it_puts_a_poll_and_reactions_on_the_demo_blog_and_can_run_twice(client, settings):
    settings.DEBUG = True  # load_demo runs only in a demo or development setting
    call_command("load_demo", stdout=io.StringIO())
    poll = Poll.objects.get(blog__slug="ukraine-war-live")
    assert poll.is_open() and len(poll.answers) == 4
    votes, reactions = PollVote.objects.count(), Reaction.objects.count()
    assert votes > 100 and reactions > 10
    page = client.get("/live/ukraine-war-live/").content.decode()
    assert poll.question in page and 'data-reaction="like"' in page
    results = client.get("/votes/blogs/ukraine-war-live/results").json()
    assert results["polls"][0]["total"] == votes
    call_command("load_demo", stdout=io.StringIO())
    assert (Poll.objects.count(), PollVote.objects.count(), Reaction.objects.count()) == (1, votes, reactions)
