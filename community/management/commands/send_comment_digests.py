"""Queue notification digests: run hourly with --hourly and daily without
(cron or a systemd timer); `manage.py db_worker` sends them."""

from django.core.management.base import BaseCommand

from community.tasks import send_daily_digests, send_hourly_digests


class Command(BaseCommand):
    help = "Queue digest emails for readers who chose a daily (default) or hourly (--hourly) digest."

    def add_arguments(self, parser):
        parser.add_argument("--hourly", action="store_true", help="the hourly digest instead of the daily one")

    def handle(self, *args, **options):
        job = send_hourly_digests if options["hourly"] else send_daily_digests
        result = job.enqueue()
        self.stdout.write(f"Queued the {'hourly' if options['hourly'] else 'daily'} digest (task {result.id}).")
