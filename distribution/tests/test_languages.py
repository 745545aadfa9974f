"""Distribution's pages in the right language (docs/i18n.md): search in the
site's language (LANGUAGE_CODE), a blog's feed in the blog's language, the
API's problem+json for people in the site's language, and the desk's webhook
page in the editor's own language."""

import feedparser
import pytest
from django.utils import translation

pytestmark = pytest.mark.django_db


def test_it_searches_in_the_sites_language(client, settings, blog):
    settings.LANGUAGE_CODE = "de"
    html = client.get("/search?q=zzzqqq").content.decode()
    assert "<h1>Suchen</h1>" in html
    assert "Nichts passt zu „zzzqqq“. Versuchen Sie weniger oder andere Wörter." in html


def test_it_counts_search_results_in_arabics_plural_forms(client, settings, blog, publish,
                                                         django_capture_on_commit_callbacks, run_jobs):
    settings.LANGUAGE_CODE = "ar"
    with django_capture_on_commit_callbacks(execute=True):  # the wake-up queues the search consumer
        publish(blog, headline="Floods reach the harbour")
    with django_capture_on_commit_callbacks(execute=True):
        publish(blog, headline="Floods close the bridge")
    run_jobs()  # the job worker brings the index up to the log
    html = client.get("/search?q=floods").content.decode()
    assert "نتيجتان لـ«floods»" in html  # the "two" form


def test_it_writes_a_blogs_feed_in_the_blogs_language(client, blog, publish):
    blog.language = "de"
    blog.save(update_fields=["language"])
    publish(blog, headline="", body="<p>Ohne Überschrift.</p>", is_key_event=True)
    feed = feedparser.parse(client.get(f"/live/{blog.slug}/feed/rss/").content)
    assert not feed.bozo
    with translation.override("de"):
        key_event = translation.gettext("Key event")  # one translation project-wide (liveblogs' wins)
    assert key_event != "Key event"
    assert [t["term"] for t in feed.entries[0].tags] == [key_event]
    assert feed.entries[0].title == "Ohne Überschrift."


def test_it_explains_api_problems_in_the_sites_language(client, settings):
    settings.LANGUAGE_CODE = "uk"
    r = client.get("/api/v1/blogs/no-such-blog")
    assert r.status_code == 404
    problem = r.json()
    assert problem["title"] == "Не знайдено"
    assert problem["detail"] == "Немає лайвблогу «no-such-blog»."


def test_it_shows_the_webhooks_page_in_the_editors_language(client, editor):
    editor.language = "ar"
    editor.save(update_fields=["language"])
    client.force_login(editor)
    from django.test import override_settings

    with override_settings(MFA_REQUIRED_FOR_STAFF=False):
        html = client.get("/desk/webhooks/").content.decode()
    with translation.override("ar"):
        assert f"<h1>{translation.gettext('Webhooks')}</h1>" in html
    assert "أضف الخطاف" in html  # Add webhook
