import io
import os
import subprocess
import sys

import pytest
from allauth.account.models import EmailAddress

from accounts import demo
from tests.server import ROOT

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


def test_it_writes_the_demos_mail_to_files_in_var_mail_not_to_the_console(tmp_path):
    # `make demo` (NEWSLINE_DEMO=1, no EMAIL_BACKEND), outside pytest.
    env = {key: value for key, value in os.environ.items()
           if key not in ("NEWSLINE_TESTING", "DEBUG", "EMAIL_BACKEND", "EMAIL_FILE_PATH", "DATABASE_URL")}
    env.update(NEWSLINE_DEMO="1", NEWSLINE_VAR_DIR=str(tmp_path))
    sent = subprocess.run([sys.executable, str(ROOT / "manage.py"), "sendtestemail", "hannah@example.org"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert sent.returncode == 0, sent.stderr
    assert "hannah@example.org" not in sent.stdout + sent.stderr
    [message] = (tmp_path / "mail").glob("*.log")
    assert "To: hannah@example.org" in message.read_text()
