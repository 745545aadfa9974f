"""Key-event alerts read the blogs' log like every other consumer: one saved
position per blog (realtime.eventlog) instead of one over every blog's events
by primary key. The old position is carried over for the blogs someone
follows: each starts after the last of its events the old position had read."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models
from django.db.models import Max


def carry_over(apps, schema_editor):
    Old = apps.get_model("community", "LogPosition")
    New = apps.get_model("community", "BlogLogPosition")
    BlogFollow = apps.get_model("community", "BlogFollow")
    BlogEvent = apps.get_model("liveblogs", "BlogEvent")
    LiveBlog = apps.get_model("liveblogs", "LiveBlog")
    old = Old.objects.filter(name="key_events").first()
    if old is None:
        return
    followed = BlogFollow.objects.values_list("blog_id", flat=True).distinct()
    for blog in LiveBlog.objects.filter(pk__in=followed):
        read = BlogEvent.objects.filter(blog=blog, pk__lte=old.last_event_id).aggregate(m=Max("seq"))["m"] or 0
        New.objects.create(name="key_events", blog=blog, epoch=blog.epoch, last_seq=read)


class Migration(migrations.Migration):

    dependencies = [
        ("community", "0007_questions"),
        ("liveblogs", "0016_questions"),
    ]

    operations = [
        migrations.CreateModel(
            name="BlogLogPosition",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=40)),
                ("epoch", models.PositiveIntegerField(default=0)),
                ("last_seq", models.PositiveBigIntegerField(default=0)),
                ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "blog",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="liveblogs.liveblog"
                    ),
                ),
            ],
        ),
        migrations.RunPython(carry_over, migrations.RunPython.noop),
        migrations.DeleteModel(name="LogPosition"),
        migrations.RenameModel(old_name="BlogLogPosition", new_name="LogPosition"),
        migrations.AddConstraint(
            model_name="logposition",
            constraint=models.UniqueConstraint(fields=("name", "blog"), name="community_one_position_per_blog"),
        ),
    ]
