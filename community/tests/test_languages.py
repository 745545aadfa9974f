"""The community's pages in the reader's or moderator's language (docs/i18n.md):
the notifications page in German for a reader who chose German, the
moderation queue in Arabic for a moderator whose browser asks for it, and
the plural forms each language needs."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_shows_the_notifications_page_in_the_readers_language(client, blog, rosa, sam, comment_on):
    top = comment_on(rosa)
    comment_on(sam, "A reply", parent=top)
    rosa.language = "de"
    rosa.save(update_fields=["language"])
    client.force_login(rosa)
    page = client.get("/community/notifications/").content.decode()
    assert "<h1>Benachrichtigungen</h1>" in page
    assert "Alle als gelesen markieren" in page
    # The notification itself is worded when shown, in German too.
    assert "Sam Stranger hat auf Ihren Kommentar zu Storm hits the coast geantwortet" in page


def test_it_shows_the_moderation_queue_in_the_browsers_language(client, settings, blog, moderator, rosa, comment_on):
    settings.COMMUNITY_PREMODERATE_FIRST = 1
    comment_on(rosa, "Held for a look.")
    client.force_login(moderator)
    page = client.get("/community/moderate/?queue=pending", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<h1>الإشراف</h1>" in page
    assert "اختصارات لوحة المفاتيح" in page  # Keyboard shortcuts
    assert "Held for a look." in page
    assert " · تعليق أول" in page  # why it was held (the first_comment tag), in words


@pytest.mark.parametrize("language, followers", [
    ("uk", {1: "1 читач", 3: "3 читачі", 5: "5 читачів", 21: "21 читач"}),
    ("ar", {1: "متابع واحد", 2: "متابعان", 3: "3 متابعين", 11: "11 متابعًا"}),
])
def test_it_counts_followers_in_the_languages_plural_forms(client, django_user_model, rosa, language, followers):
    from community import actions
    from community.tests.conftest import verify

    rosa.language = language
    rosa.save(update_fields=["language"])
    client.force_login(rosa)
    made = 0
    for count, expected in sorted(followers.items()):
        while made < count:
            fan = django_user_model.objects.create_user(f"fan{made}", f"fan{made}@example.org", "x")
            actions.follow_reader(follower=verify(fan), followee=rosa)
            made += 1
        profile = client.get(f"/people/{rosa.username}/").content.decode()
        assert f'<a href="#followers">{expected}</a>' in profile


# A blog's own language -------------------------------------------------------


def _in(blog, language):
    blog.language = language
    blog.save(update_fields=["language"])
    return blog


def test_it_renders_a_blogs_comments_in_the_blogs_language_for_every_reader(client, blog, rosa, comment_on):
    _in(blog, "de")
    comment_on(rosa, "Erster Gedanke.")
    # Whatever the browser asks for: the fragment is shared by every reader of the blog.
    thread = client.get(f"/live/{blog.slug}/comments/thread", HTTP_ACCEPT_LANGUAGE="ar")
    html = thread.content.decode()
    assert '<span data-like-count>0</span> „Gefällt mir“' in html
    # The card carried to open pages by the comments stream was rendered in German too.
    event = client.get(f"/live/{blog.slug}/comments/updates?after=0").json()["events"][0]
    assert "„Gefällt mir“" in event["comment"]["html"]
    # The plain page for readers without JavaScript, and its composer.
    client.force_login(rosa)
    page = client.get(f"/live/{blog.slug}/comments/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Kommentar abschicken" in page and "Zurück zum Liveblog" in page


def test_it_changes_the_fragments_etag_with_the_blogs_language(client, blog):
    before = client.get(f"/live/{blog.slug}/comments/thread")["ETag"]
    _in(blog, "uk")
    after = client.get(f"/live/{blog.slug}/comments/thread")
    assert after["ETag"] != before
    assert "Коментарів ще немає." in after.content.decode()


def test_it_answers_a_write_in_the_blogs_language(client, blog, rosa):
    _in(blog, "ar")
    client.force_login(rosa)
    r = client.post(f"/live/{blog.slug}/comments/", {"body": "   "}, HTTP_ACCEPT="application/json")
    assert r.status_code == 400
    assert r.json()["error"] == "اكتب شيئًا قبل النشر."  # Write something before posting.


@pytest.mark.django_db(transaction=True)
def test_it_writes_a_blogs_key_event_alert_in_the_blogs_language(client, blog, rosa, editor, publish):
    from io import StringIO

    from django.core import mail
    from django.core.management import call_command

    from liveblogs import actions as blog_actions

    _in(blog, "de")
    client.force_login(rosa)
    client.post(f"/live/{blog.slug}/comments/key-events", HTTP_ACCEPT="application/json")
    post = publish(blog, headline="Evakuierung angeordnet")
    blog_actions.set_key_event(post=post, by=editor, key_event=True)
    call_command("notify_key_events", stdout=StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO(), stderr=StringIO())
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Wichtiges Ereignis in Storm hits the coast: Evakuierung angeordnet"
    assert message.body.startswith("Hallo Rosa Reader,")
    assert "Diese E-Mails abbestellen (Wichtige Ereignisse in Liveblogs, denen ich folge)" in message.body
