"""The VAPID key pair: from the environment, or the demo's own in var/."""

import base64
import json
from io import StringIO

from django.core.management import call_command
from py_vapid import Vapid

from pushalerts import vapid


def test_it_makes_a_pair_py_vapid_can_sign_with():
    keys = vapid.generate()
    public = base64.urlsafe_b64decode(keys.public + "==")
    assert len(public) == 65 and public[0] == 4
    headers = Vapid.from_string(keys.private).sign({"sub": "mailto:a@example.org", "aud": "https://x.example"})
    assert headers["Authorization"].endswith(f"k={keys.public}")


def test_it_offers_nothing_without_keys_outside_the_demo(settings, tmp_path):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_DEMO_KEYS = False
    settings.VAR_DIR = tmp_path
    assert vapid.keys() is None and vapid.public_key() == ""
    assert not (tmp_path / vapid.DEMO_FILE).exists()


def test_the_demo_makes_one_pair_and_keeps_it(settings, tmp_path):
    settings.WEBPUSH_VAPID_PUBLIC_KEY = settings.WEBPUSH_VAPID_PRIVATE_KEY = ""
    settings.WEBPUSH_DEMO_KEYS = True
    settings.VAR_DIR = tmp_path
    first = vapid._demo_keys()
    assert vapid._demo_keys() == first
    saved = tmp_path / vapid.DEMO_FILE
    assert json.loads(saved.read_text())["public"] == first.public
    assert saved.stat().st_mode & 0o077 == 0  # the private key is readable by its owner only


def test_the_command_prints_a_pair_for_the_environment():
    out = StringIO()
    call_command("webpush_keys", stdout=out, stderr=StringIO())
    lines = dict(line.split("=", 1) for line in out.getvalue().splitlines())
    assert set(lines) == {"WEBPUSH_VAPID_PUBLIC_KEY", "WEBPUSH_VAPID_PRIVATE_KEY"}
    Vapid.from_string(lines["WEBPUSH_VAPID_PRIVATE_KEY"])
