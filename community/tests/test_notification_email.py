"""Notification email through the real task worker: immediate, daily
digest, off, and the one-click unsubscribe link."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from community import actions
from community.models import EmailPreference

# The worker closes the database connection when it is done: transactional tests.
pytestmark = pytest.mark.django_db(transaction=True)


def run_worker():
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())


def test_it_emails_a_reply_at_once_with_an_unsubscribe_link(blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "A reply worth an email", parent=top)
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [rosa.email] and "replied to your comment" in message.subject
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/community/unsubscribe/" in message.body


def test_it_sends_nothing_when_the_reader_chose_off(blog, rosa, sam, comment_on):
    actions.set_email_preferences(user=rosa, choices={"reply": "off"})
    top = comment_on(rosa)
    comment_on(sam, "Quiet reply", parent=top)
    run_worker()
    assert mail.outbox == []


def test_it_sends_a_daily_digest(blog, rosa, sam, reporter, comment_on):
    comment = comment_on(rosa)
    actions.like_comment(comment=comment, by=sam)  # likes default to the daily digest
    actions.like_comment(comment=comment, by=reporter)
    call_command("send_comment_digests", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 1
    assert "and 1 other liked your comment" in mail.outbox[0].body
    call_command("send_comment_digests", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 1  # nothing twice


def test_it_unsubscribes_by_the_signed_link(client, blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "Reply", parent=top)
    run_worker()
    link = re.search(r"http://\S+/community/unsubscribe/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.get("/" + path).status_code == 200  # a page with a button, nothing changed yet
    assert not EmailPreference.objects.filter(user=rosa).exists()
    assert client.post("/" + path).status_code == 200
    assert EmailPreference.objects.get(user=rosa, kind="reply").delivery == "off"


def test_it_refuses_a_tampered_link(client, rosa):
    assert client.post("/community/unsubscribe/not-a-real-token/").status_code == 400


def test_it_saves_preferences_per_type(client, rosa):
    client.force_login(rosa)
    choices = {
        "reply": "daily",
        "like": "off",
        "followed_comment": "off",
        "featured": "immediate",
        "rejected": "immediate",
        "key_event": "hourly",
        "answered": "immediate",
    }
    assert client.post("/community/notifications/email/", choices).status_code == 302
    assert EmailPreference.objects.get(user=rosa, kind="reply").delivery == "daily"
    assert client.post("/community/notifications/email/", dict(choices, reply="hourly-ish")).status_code == 200
    assert EmailPreference.objects.get(user=rosa, kind="reply").delivery == "daily"


def test_it_sends_an_hourly_digest_to_those_who_chose_it(blog, rosa, sam, comment_on):
    actions.set_email_preferences(user=rosa, choices={"like": "hourly"})
    comment = comment_on(rosa)
    actions.like_comment(comment=comment, by=sam)
    call_command("send_comment_digests", stdout=StringIO())  # the daily one: not for Rosa's likes
    run_worker()
    assert mail.outbox == []
    call_command("send_comment_digests", "--hourly", stdout=StringIO())
    run_worker()
    assert len(mail.outbox) == 1 and "liked your comment" in mail.outbox[0].body


def test_it_emails_the_answer_to_a_readers_question_with_its_link(blog, rosa, editor):
    question = actions.ask_question(blog=blog, by=rosa, body="Is the coast road open?")
    from liveblogs.actions import PostContent

    post = actions.answer_question(question=question, by=editor, content=PostContent(body="<p>Yes.</p>"))
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [rosa.email] and "answered your question on Storm hits the coast" in message.subject
    assert f"/live/storm/?around={post.pk}#post-{post.pk}" in message.body
