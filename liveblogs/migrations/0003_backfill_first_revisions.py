"""Give every post that predates revisions its first one: what readers read
now, by its creator, at its last change. History starts from here."""

from django.db import migrations

FIELDS = (
    "kind", "headline", "label", "body",
    "article_url", "article_author", "article_headline", "article_standfirst",
)
BATCH = 500


def backfill(apps, schema_editor):
    Post = apps.get_model("liveblogs", "Post")
    PostRevision = apps.get_model("liveblogs", "PostRevision")
    posts = Post.objects.filter(revisions__isnull=True).order_by("pk")
    batch = []
    for post in posts.iterator(chunk_size=BATCH):
        batch.append(PostRevision(
            post_id=post.pk,
            number=1,
            author_id=post.created_by_id,
            created_at=post.edited_at or post.published_at or post.created_at,
            **{name: getattr(post, name) for name in FIELDS},
        ))
        if len(batch) >= BATCH:
            PostRevision.objects.bulk_create(batch)
            batch = []
    PostRevision.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [("liveblogs", "0002_revisions_audit_version")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
