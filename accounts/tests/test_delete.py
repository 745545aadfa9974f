import pytest
from allauth.account.models import EmailAddress

from accounts.signals import account_deleted
from conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)  # the signal goes out after commit


@pytest.fixture
def told():
    calls = []

    def receiver(sender, user, **kwargs):
        calls.append((sender, user.pk))

    account_deleted.connect(receiver)
    yield calls
    account_deleted.disconnect(receiver)


@pytest.fixture
def verified_reader(verified_reader):
    # The shared persona, with profile details that deleting must scrub.
    verified_reader.bio = "Weather watcher."
    verified_reader.first_name = "Rosa"
    verified_reader.save()
    return verified_reader


def test_it_asks_for_the_password_before_deleting(client, verified_reader):
    client.force_login(verified_reader)
    html = client.get("/accounts/delete/").content.decode()
    assert '<label for="id_password">Your password</label>' in html
    assert "This cannot be undone." in html


def test_it_deletes_nothing_with_a_wrong_password(client, verified_reader, told):
    client.force_login(verified_reader)
    r = client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    assert "That is not your password. Nothing was deleted." in r.content.decode()
    verified_reader.refresh_from_db()
    assert verified_reader.is_active and verified_reader.email == "rosa@example.org"
    assert told == []


def test_it_needs_the_box_ticked(client, verified_reader):
    client.force_login(verified_reader)
    r = client.post("/accounts/delete/", {"password": PASSWORD})
    assert r.status_code == 200
    verified_reader.refresh_from_db()
    assert verified_reader.is_active


def test_it_scrubs_deactivates_signs_out_and_tells_other_apps(client, verified_reader, told, django_user_model):
    client.force_login(verified_reader)
    r = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert r.status_code == 302 and r.url == "/"
    user = django_user_model.objects.get(pk=verified_reader.pk)
    assert not user.is_active
    assert (user.username, user.email, user.first_name, user.display_name, user.bio) == (
        f"deleted-{user.pk}", "", "", "", ""
    )
    assert not user.has_usable_password()
    assert not EmailAddress.objects.filter(user=user).exists()
    assert told == [(django_user_model, user.pk)]
    assert "_auth_user_id" not in client.session
    r = client.post("/accounts/login/", {"login": "rosa@example.org", "password": PASSWORD})
    assert "_auth_user_id" not in client.session


def test_it_frees_the_display_name_and_email_for_someone_else(client, verified_reader):
    client.force_login(verified_reader)
    client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    from accounts import names

    assert not names.is_taken("Rosa Reader")


def test_it_refuses_to_delete_a_newsroom_account_here(client, editor, told):
    client.force_login(editor)
    r = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert "Newsroom accounts are closed by an admin" in r.content.decode()
    editor.refresh_from_db()
    assert editor.is_active
    assert told == []


def test_it_limits_password_attempts(client, verified_reader, monkeypatch):
    from django.core.cache import cache

    from accounts.views import personal as views

    cache.clear()
    monkeypatch.setattr(views, "DELETE_ATTEMPTS", 2)
    client.force_login(verified_reader)
    for _ in range(2):
        client.post("/accounts/delete/", {"password": "wrong", "confirm": "on"})
    r = client.post("/accounts/delete/", {"password": PASSWORD, "confirm": "on"})
    assert r.status_code == 429
    verified_reader.refresh_from_db()
    assert verified_reader.is_active
