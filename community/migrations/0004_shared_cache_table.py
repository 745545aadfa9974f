"""The database cache's table (settings.CACHES without REDIS_URL), so rate-limit
counters are shared by every worker from the first `migrate` on. Does nothing
when the cache is Redis; `manage.py createcachetable` makes it later if needed."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = [("community", "0003_key_event_follows")]

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
