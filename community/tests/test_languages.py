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


def test_it_shows_the_moderation_queue_in_the_browsers_language(client, blog, moderator, rosa, comment_on):
    comment_on(rosa, "Held for a look.")
    client.force_login(moderator)
    page = client.get("/community/moderate/?queue=pending", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert "<h1>الإشراف</h1>" in page
    assert "اختصارات لوحة المفاتيح" in page  # Keyboard shortcuts


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
