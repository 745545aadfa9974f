"""Bring every log consumer (search index, webhooks) up to every blog's head:
after a restore, a long stop, or to build the search index the first time."""

from django.core.management.base import BaseCommand

from liveblogs.consumers import BLOG_LOG


class Command(BaseCommand):
    help = "Read every blog's event log from each consumer's saved position (search index, webhooks)."

    def add_arguments(self, parser):
        parser.add_argument("--consumer", choices=[c.name for c in BLOG_LOG.registered()], help="Only this one.")

    def handle(self, *args, consumer=None, **options):
        for c in BLOG_LOG.registered():
            if consumer and c.name != consumer:
                continue
            n = BLOG_LOG.catch_up(c)
            self.stdout.write(f"{c.name}: read {n} event(s)")
