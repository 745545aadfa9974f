"""Operations' words in the reader's or editor's language (docs/i18n.md): the
desk's health line in the editor's German, and the error page a reader meets
in the site's Arabic, right to left."""

from django.test import override_settings
from django.utils import timezone

from operations.management.commands.run_worker import beat


def test_it_shows_the_health_line_in_the_editors_language(client, editor):
    editor.language = "de"
    editor.save(update_fields=["language"])
    beat("worker-a", timezone.now())
    client.force_login(editor)
    html = client.get("/desk/").content.decode()
    assert "Live-Zustellung:</strong> funktioniert" in html
    assert "Geplante Beiträge:</strong> erscheinen pünktlich" in html


def test_it_shows_the_error_page_in_the_sites_language(client, settings):
    from django.urls import path

    import newsline.urls

    def broken(request):
        raise RuntimeError("a bug")

    class Urls:
        urlpatterns = [path("broken/", broken), *newsline.urls.urlpatterns]
        handler500 = "operations.errors.server_error"

    settings.LANGUAGE_CODE = "ar"
    client.raise_request_exception = False
    with override_settings(ROOT_URLCONF=Urls, DEBUG=False):
        r = client.get("/broken/")
    assert r.status_code == 500
    html = r.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    assert "<h1>حدث خطأ ما</h1>" in html
