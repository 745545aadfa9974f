# The staff audit, moved here from liveblogs (liveblogs 0024 lets it go): the
# table liveblogs_staffauditentry and its rows stay as they are.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0006_user_language'),
        ('liveblogs', '0024_staffauditentry_to_accounts'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='StaffAuditEntry',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('create', 'Created an account'), ('change', 'Changed an account'), ('deactivate', 'Deactivated an account'), ('reactivate', 'Reactivated an account')], max_length=16)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('changes', models.JSONField(blank=True, default=dict)),
                        ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('subject', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'staff audit entry',
                        'verbose_name_plural': 'staff audit entries',
                        'db_table': 'liveblogs_staffauditentry',
                        'indexes': [models.Index(fields=['-created_at', '-id'], name='staff_audit_idx')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
