"""Alert readers who follow a live blog about its new key events (run every
minute from cron or a timer; safe to run as often as you like)."""

from django.core.management.base import BaseCommand

from community import keyevents


class Command(BaseCommand):
    help = "Notify readers who follow live blogs about new key events, reading the event log from where it stopped."

    def handle(self, *args, **options):
        total = 0
        while True:
            created = keyevents.process()
            total += created
            if not created and not keyevents.pending():
                break
        self.stdout.write(f"{total} key-event notification{'s' if total != 1 else ''}.")
