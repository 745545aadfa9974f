import io

import pytest
from allauth.account.models import EmailAddress

from accounts import demo

pytestmark = pytest.mark.django_db


def test_it_adds_a_verified_reader_who_can_sign_in_and_is_safe_to_run_twice(client, django_user_model):
    demo.load(io.StringIO())
    demo.load(io.StringIO())
    user = django_user_model.objects.get(username="reader")
    assert user.role == "reader" and user.display_name == "Hannah Lindqvist"
    assert EmailAddress.objects.filter(user=user).count() == 1
    assert EmailAddress.objects.get(user=user).verified
    r = client.post("/accounts/login/", {"login": "reader", "password": "newsline"})
    assert r.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
