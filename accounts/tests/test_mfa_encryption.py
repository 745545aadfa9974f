import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from accounts.tests.test_staff_two_factor import totp_code

pytestmark = pytest.mark.django_db


def test_it_stores_the_totp_key_encrypted_and_still_checks_codes(editor, settings):
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    secret = generate_totp_secret()
    totp = TOTP.activate(editor, secret)
    stored = Authenticator.objects.get(pk=totp.instance.pk).data["secret"]
    assert stored.startswith("fernet:") and secret not in stored
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(totp_code(secret))


def test_it_still_reads_keys_stored_before_encryption_was_switched_on(editor, settings):
    secret = generate_totp_secret()
    totp = TOTP.activate(editor, secret)
    assert Authenticator.objects.get(pk=totp.instance.pk).data["secret"] == secret
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    assert TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code(totp_code(secret))


def test_it_says_so_when_the_key_is_missing(editor, settings):
    settings.MFA_ENCRYPTION_KEY = Fernet.generate_key().decode()
    totp = TOTP.activate(editor, generate_totp_secret())
    settings.MFA_ENCRYPTION_KEY = ""
    with pytest.raises(ImproperlyConfigured):
        TOTP(Authenticator.objects.get(pk=totp.instance.pk)).validate_code("123456")
