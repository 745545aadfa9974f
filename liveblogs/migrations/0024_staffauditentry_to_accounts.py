# StaffAuditEntry moved to accounts (accounts 0007 takes it over): only
# Django's idea of the models changes; the table and its rows stay.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('liveblogs', '0023_ad_slots'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='StaffAuditEntry')],
            database_operations=[],
        ),
    ]
