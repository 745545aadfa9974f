# The API's Idempotency-Key is now kept where the desk keeps its compose
# form's one-time key: in the publish's audit entry (liveblogs.idempotency).
# Keys sent in the last day move there first, so a client retrying across
# the upgrade still gets its post back instead of a second one.

from datetime import timedelta

from django.db import migrations
from django.utils import timezone


def keys_to_audit_entries(apps, schema_editor):
    ApiIdempotencyKey = apps.get_model("distribution", "ApiIdempotencyKey")
    AuditEntry = apps.get_model("liveblogs", "AuditEntry")
    recent = ApiIdempotencyKey.objects.filter(
        post__isnull=False, created_at__gte=timezone.now() - timedelta(hours=24)
    ).select_related("token")
    for record in recent.iterator():
        entry = (
            AuditEntry.objects.filter(post_id=record.post_id, actor_id=record.token.user_id, action="publish_post")
            .order_by("id").first()
        )
        if entry is not None and "form_key" not in entry.changes:
            entry.changes = {**entry.changes, "form_key": record.key}
            entry.save(update_fields=["changes"])


class Migration(migrations.Migration):

    dependencies = [
        ('distribution', '0008_alter_apiidempotencykey_options_and_more'),
        ('liveblogs', '0022_unicode_blog_slug'),
    ]

    operations = [
        migrations.RunPython(keys_to_audit_entries, migrations.RunPython.noop),
        migrations.DeleteModel(
            name='ApiIdempotencyKey',
        ),
    ]
