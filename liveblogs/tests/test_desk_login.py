import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


# The desk's sign-in address leads to the site's one sign-in (allauth's, with
# its rate limits and the two-factor step; accounts/tests/test_sign_in.py).


def test_it_shows_the_sign_in_form(client):
    r = client.get("/desk/login/", follow=True)
    assert r.status_code == 200
    html = r.content.decode()
    assert '<h1 id="signin-title">Sign in</h1>' in html
    assert '<label for="id_login">Username or email</label>' in html
    assert '<label for="id_password">Password</label>' in html


def test_it_signs_in_staff_and_goes_to_the_desk(client, reporter):
    r = client.post("/accounts/login/", {"login": "rita", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == "/desk/"
    assert client.get("/desk/").status_code == 200


def test_it_returns_to_the_page_asked_for(client, reporter, blog):
    r = client.post(
        "/accounts/login/?next=/desk/blogs/storm/",
        {"login": "rita", "password": PASSWORD, "next": "/desk/blogs/storm/"},
    )
    assert r.status_code == 302
    assert r.url == "/desk/blogs/storm/"


def test_it_explains_a_wrong_password(client, reporter):
    r = client.post("/accounts/login/", {"login": "rita", "password": "nope"})
    assert r.status_code == 200
    assert "The username and/or password you specified are not correct." in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_gives_a_signed_in_reader_403_on_the_desk(client, reader):
    client.force_login(reader)
    r = client.get("/desk/")
    assert r.status_code == 403
    assert "sign out and sign in with a newsroom account" in r.content.decode()


def test_it_redirects_anonymous_visitors_to_sign_in(client):
    r = client.get("/desk/")
    assert r.status_code == 302
    assert r.url == "/desk/login/?next=/desk/"


def test_it_signs_out_with_a_post(client, reporter):
    client.force_login(reporter)
    r = client.post("/desk/logout/")
    assert r.status_code == 302
    assert r.url == "/desk/login/"
    assert client.get("/desk/").status_code == 302


def test_it_does_not_sign_out_on_a_get(client, reporter):
    client.force_login(reporter)
    assert client.get("/desk/logout/").status_code == 405
    assert client.get("/desk/").status_code == 200


def test_it_shows_the_byline_and_a_sign_out_button(client, reporter):
    client.force_login(reporter)
    html = client.get("/desk/").content.decode()
    assert "Rita Reporter" in html
    assert 'action="/desk/logout/"' in html
    assert ">Sign out</button>" in html
