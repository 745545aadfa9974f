"""Background jobs (django-tasks; the worker is `manage.py db_worker`)."""

from django_tasks import task


@task()
def publish_scheduled_post(post_id: int) -> bool:
    """Publish a scheduled post whose time has come. Enqueued with
    run_after=its time; does nothing if the schedule moved or was cancelled,
    or if the post was already published (by the catch-up or an editor)."""
    from liveblogs import actions
    from liveblogs.models import Post

    post = Post.objects.filter(pk=post_id).first()
    if post is None:
        return False
    try:
        return actions.publish_unpublished_post(post=post, by=post.reviewed_by or post.created_by, due_only=True) is not None
    except actions.ActionError:
        return False
