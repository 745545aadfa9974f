"""The moderators' queues: who may see them, and what each holds."""

import pytest

from community import actions

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["moderator", "editor", "admin_user"])
def test_it_opens_the_queues_to_moderators_and_editors(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/community/moderate/").status_code == 200


@pytest.mark.parametrize("persona", ["reader", "reporter", "contributor"])
def test_it_closes_the_queues_to_everyone_else(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/community/moderate/").status_code == 403


def test_it_closes_the_queues_to_anonymous_visitors(client):
    assert client.get("/community/moderate/").status_code == 403


def test_it_lists_pending_reported_and_rejected_comments(client, blog, rosa, sam, moderator, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    comment_on(rosa, "Something fishy here")
    reported = comment_on(sam, "Reported words")
    actions.report_comment(comment=reported, by=rosa, reason="spam", note="selling things")
    rejected = comment_on(rosa, "Rejected words")
    actions.reject_comment(comment=rejected, by=moderator, reason="Off topic")
    client.force_login(moderator)
    pending = client.get("/community/moderate/?queue=pending").content.decode()
    assert "Something fishy here" in pending and "Reported words" not in pending
    reports = client.get("/community/moderate/?queue=reported").content.decode()
    assert "Reported words" in reports and "selling things" in reports
    assert "Reported (1)" in reports  # only comments with an open report, not every published one
    assert "Rejected words" in client.get("/community/moderate/?queue=rejected").content.decode()


def test_it_searches_by_text_or_reader(client, blog, rosa, sam, moderator, comment_on, settings):
    settings.COMMUNITY_SUSPECT_WORDS = ["fishy"]
    comment_on(rosa, "fishy bridge")
    comment_on(sam, "fishy river")
    client.force_login(moderator)
    found = client.get("/community/moderate/?queue=pending&q=sam").content.decode()
    assert "fishy river" in found and "fishy bridge" not in found
