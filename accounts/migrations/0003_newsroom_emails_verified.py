"""Newsroom accounts made before allauth could not sign in under mandatory
email verification: their admin-set addresses count as verified (as new
ones do, accounts/receivers.py)."""

from django.db import migrations


def forwards(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    vouched = User.objects.exclude(email="").filter(is_active=True).exclude(role="reader", is_staff=False, is_superuser=False)
    for user in vouched.iterator():
        if not EmailAddress.objects.filter(user=user).exists():
            EmailAddress.objects.create(user=user, email=user.email.lower(), verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_more_roles"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
