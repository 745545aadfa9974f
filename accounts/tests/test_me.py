import pytest

pytestmark = pytest.mark.django_db


def test_it_says_who_is_signed_in_and_is_never_cached(client, editor):
    client.force_login(editor)
    r = client.get("/me")
    data = r.json()
    # Other apps add their own keys (ME_PROVIDERS); these are accounts'.
    assert {k: data[k] for k in ("authenticated", "name", "role", "desk_url")} == {
        "authenticated": True, "name": "Eddie Editor", "role": "editor", "desk_url": "/desk/"
    }
    assert "no-store" in r.headers["Cache-Control"] and "private" in r.headers["Cache-Control"]


def test_it_gives_readers_no_desk_link(client, reader):
    client.force_login(reader)
    assert "desk_url" not in client.get("/me").json()


def test_it_answers_anonymous_visitors(client):
    assert client.get("/me").json() == {"authenticated": False}


def test_it_sets_a_readable_signed_in_hint_outside_reader_pages(client, editor, blog):
    client.force_login(editor)
    r = client.get("/me")
    assert r.cookies["nl_signed_in"].value == "1"
    assert not r.cookies["nl_signed_in"]["httponly"]
    assert not client.get("/live/storm/").cookies  # never on a public page


def test_it_clears_the_hint_after_sign_out(client, editor):
    client.force_login(editor)
    client.get("/me")
    r = client.post("/desk/logout/")
    assert r.cookies["nl_signed_in"].value == ""


def provide_hello(request):
    return {"hello": request.user.byline}


def test_it_adds_what_other_apps_provide(client, reader, settings):
    settings.ME_PROVIDERS = [("greeting", "accounts.tests.test_me.provide_hello")]
    client.force_login(reader)
    assert client.get("/me").json()["greeting"] == {"hello": "Rosa Reader"}


def test_it_gives_contributors_the_desk_link(client, contributor):
    client.force_login(contributor)
    assert client.get("/me").json()["desk_url"] == "/desk/"
