"""Queue the daily notification digest (run once a day, e.g. from cron or a
systemd timer); `manage.py db_worker` sends it."""

from django.core.management.base import BaseCommand

from community.tasks import send_daily_digests


class Command(BaseCommand):
    help = "Queue today's notification digest emails for readers who chose a daily digest."

    def handle(self, *args, **options):
        result = send_daily_digests.enqueue()
        self.stdout.write(f"Queued the daily digest (task {result.id}).")
