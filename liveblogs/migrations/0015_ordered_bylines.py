# Bylines keep the order the writer set: Post.authors goes through PostByline
# (with a position). Existing bylines are copied in the order they were added.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def copy_bylines(apps, schema_editor):
    Post = apps.get_model("liveblogs", "Post")
    PostByline = apps.get_model("liveblogs", "PostByline")
    Old = Post.authors.through
    rows, position, last_post = [], 0, None
    for post_id, user_id in Old.objects.order_by("post_id", "id").values_list("post_id", "user_id").iterator():
        position = position + 1 if post_id == last_post else 0
        last_post = post_id
        rows.append(PostByline(post_id=post_id, user_id=user_id, position=position))
        if len(rows) >= 2000:
            PostByline.objects.bulk_create(rows)
            rows = []
    PostByline.objects.bulk_create(rows)


def copy_back(apps, schema_editor):
    Post = apps.get_model("liveblogs", "Post")
    PostByline = apps.get_model("liveblogs", "PostByline")
    Old = Post.authors.through
    Old.objects.bulk_create(
        Old(post_id=p, user_id=u) for p, u in PostByline.objects.order_by("post_id", "position", "id").values_list("post_id", "user_id")
    )


class Migration(migrations.Migration):

    dependencies = [
        ("liveblogs", "0014_blog_slug_history"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PostByline",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveSmallIntegerField(default=0)),
                ("post", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="byline_rows", to="liveblogs.post")),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["position", "id"],
                "constraints": [models.UniqueConstraint(fields=("post", "user"), name="one_byline_per_post_user")],
            },
        ),
        migrations.RunPython(copy_bylines, copy_back),
        migrations.RemoveField(model_name="post", name="authors"),
        migrations.AddField(
            model_name="post",
            name="authors",
            field=models.ManyToManyField(
                blank=True, related_name="bylined_posts", through="liveblogs.PostByline", to=settings.AUTH_USER_MODEL
            ),
        ),
    ]
