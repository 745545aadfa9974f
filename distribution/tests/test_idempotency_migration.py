"""Upgrading to one idempotency mechanism: keys the API stored in its own
table in the last day move to the publish's audit entry, so a client that
retries across the upgrade still gets its post back, not a second post."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from distribution.actions import create_api_token
from liveblogs import actions
from liveblogs.models import AuditEntry, Post


@pytest.mark.django_db(transaction=True)
def test_it_carries_recent_keys_over_to_the_audit_log(client, blog, editor):
    secret = create_api_token(user=editor, name="Wire importer", scopes=["post"])[1]
    post = actions.publish_post(blog=blog, by=editor, content=actions.PostContent(headline="Bridge reopens"))
    executor = MigrationExecutor(connection)
    before = [("distribution", "0008_alter_apiidempotencykey_options_and_more")]
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    OldToken = old_apps.get_model("distribution", "ApiToken")
    old_apps.get_model("distribution", "ApiIdempotencyKey").objects.create(
        token=OldToken.objects.get(user_id=editor.pk), key="wire-4411", post_id=post.pk
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    entry = AuditEntry.objects.get(post=post, action=AuditEntry.Action.PUBLISH_POST)
    assert entry.changes["form_key"] == "wire-4411"
    again = client.post("/api/v1/blogs/storm/posts", {"headline": "Bridge reopens"}, content_type="application/json",
                        headers={"Authorization": f"Bearer {secret}", "Idempotency-Key": "wire-4411"})
    assert again.status_code == 200 and again.json()["id"] == post.pk
    assert Post.objects.count() == 1
