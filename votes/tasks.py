"""Background jobs (django-tasks): a poll's closing time."""

from django_tasks import task


@task()
def close_due_poll(poll_id: int) -> bool:
    """Close a poll whose closing time has come, so its card shows the final
    result. Enqueued with run_after=closes_at; does nothing if an editor
    closed it already or the time moved."""
    from votes import actions

    return actions.close_due_poll(poll_id=poll_id) is not None
