import pytest

from conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_it_signs_a_reader_in_by_username_and_sends_them_home(client, verified_reader):
    r = client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == "/"
    assert client.session["_auth_user_id"] == str(verified_reader.pk)


def test_it_signs_a_reader_in_by_email(client, verified_reader):
    r = client.post("/accounts/login/", {"login": "Rosa@Example.org", "password": PASSWORD})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(verified_reader.pk)


def test_it_sets_the_signed_in_hint_cookie_and_clears_it_on_sign_out(client, verified_reader):
    r = client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD})
    assert r.cookies["nl_signed_in"].value == "1"
    assert not r.cookies["nl_signed_in"]["httponly"]
    r = client.post("/accounts/logout/")
    assert r.status_code == 302 and r.url == "/"
    assert r.cookies["nl_signed_in"]["max-age"] == 0
    assert "_auth_user_id" not in client.session


def test_it_does_not_sign_out_on_a_get(client, verified_reader):
    client.force_login(verified_reader)
    r = client.get("/accounts/logout/")
    assert r.status_code == 200  # a page with a button, so a link cannot sign anyone out
    assert "_auth_user_id" in client.session


def test_it_keeps_an_unverified_reader_out_until_they_verify(client, reader):
    r = client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session


def test_it_explains_a_wrong_password(client, verified_reader):
    r = client.post("/accounts/login/", {"login": "rosa", "password": "nope"})
    assert r.status_code == 200
    assert "The username and/or password you specified are not correct." in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_stops_guessing_after_repeated_failures(client, verified_reader):
    for _ in range(5):
        client.post("/accounts/login/", {"login": "rosa", "password": "wrong"})
    r = client.post("/accounts/login/", {"login": "rosa", "password": PASSWORD})
    assert "Too many failed login attempts" in r.content.decode()
    assert "_auth_user_id" not in client.session


def test_it_lets_staff_sign_in_because_their_admin_set_address_counts_as_verified(client, editor):
    r = client.post("/accounts/login/", {"login": "eddie", "password": PASSWORD})
    assert r.status_code == 302
    assert r.url == "/desk/"


def test_it_sends_the_desk_sign_in_address_to_the_one_sign_in_keeping_next(client):
    r = client.get("/desk/login/?next=/desk/blogs/storm/")
    assert r.status_code == 302
    assert r.url == "/accounts/login/?next=%2Fdesk%2Fblogs%2Fstorm%2F"
    r = client.get("/desk/login/?next=https://evil.example/")
    assert r.url == "/accounts/login/?next=%2Fdesk%2F"


def test_it_sends_the_admin_sign_in_to_the_one_sign_in(client):
    r = client.get("/admin/login/?next=/admin/")
    assert r.url == "/accounts/login/?next=%2Fadmin%2F"


def test_it_returns_staff_to_the_page_asked_for(client, editor, blog):
    r = client.post(
        "/accounts/login/?next=/desk/blogs/storm/",
        {"login": "eddie", "password": PASSWORD, "next": "/desk/blogs/storm/"},
    )
    assert r.status_code == 302
    assert r.url == "/desk/blogs/storm/"


def test_it_tells_a_signed_in_reader_the_admin_is_for_staff_instead_of_looping(client, reader):
    client.force_login(reader)
    r = client.get("/admin/", follow=True)
    assert r.status_code == 403
    assert len(r.redirect_chain) == 1  # /admin/ → /admin/login/, and no further
    assert "this account cannot use that page" in r.content.decode()


def test_it_sends_signed_in_staff_from_the_desk_sign_in_straight_on(client, editor):
    client.force_login(editor)
    r = client.get("/desk/login/?next=/desk/blogs/")
    assert r.status_code == 302 and r.url == "/desk/blogs/"
