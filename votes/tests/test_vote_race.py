"""Two requests from the same reader at the same instant count once: the
database's unique constraint decides, not a check before the insert."""

import threading

import pytest
from django.db import connection

from votes import actions
from votes.models import PollVote

pytestmark = pytest.mark.django_db(transaction=True)


def test_it_counts_one_of_two_simultaneous_votes_by_one_reader(poll):
    who = actions.Voter(voter="c" * 32)
    start = threading.Barrier(2)
    outcomes = []

    def cast(answer):
        start.wait()
        try:
            actions.vote(poll_id=poll.pk, answer=answer, who=who)
            outcomes.append("counted")
        except actions.AlreadyVoted:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=cast, args=(a,)) for a in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(outcomes) == ["counted", "refused"]
    assert PollVote.objects.filter(poll=poll).count() == 1
