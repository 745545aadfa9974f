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
        return (
            actions.publish_unpublished_post(post=post, by=post.reviewed_by or post.created_by, due_only=True)
            is not None
        )
    except actions.ActionError:
        return False


@task()
def forget_unused_image(image_id: int) -> bool:
    """Delete a picture (row and files) nobody used: enqueued at upload to
    run UNUSED_IMAGE_GRACE later. A picture on any post, or in any of a
    post's saved versions, or a blog's picture, is kept."""
    from liveblogs import media
    from liveblogs.models import Image, LiveBlog, Post, PostRevision

    image = Image.objects.filter(pk=image_id).first()
    if image is None:
        return False
    if Post.objects.filter(image_id=image_id).exists() or PostRevision.objects.filter(image_id=image_id).exists():
        return False
    if LiveBlog.objects.filter(image_id=image_id).exists():
        return False  # the blog's own picture
    image.delete()
    media.delete_files(image.renditions)
    return True
