"""Publish scheduled posts whose time has passed (after downtime), oldest
schedule first. Run at start-up, before serving; safe to run at any time."""

from django.core.management.base import BaseCommand

from liveblogs import actions


class Command(BaseCommand):
    help = "Publish every scheduled post whose time has passed, in schedule order. Safe to run any time."

    def handle(self, *args, **options):
        published = actions.publish_due_posts()
        for post in published:
            self.stdout.write(
                f"Published post {post.pk} ({post.blog.slug}), scheduled for {post.scheduled_for:%Y-%m-%d %H:%M} UTC"
            )
        self.stdout.write(f"{len(published)} scheduled post(s) published.")
