"""Print a new VAPID key pair for Web Push alerts, as environment lines."""

from django.core.management.base import BaseCommand

from pushalerts import vapid


class Command(BaseCommand):
    help = "Print a new VAPID key pair (WEBPUSH_VAPID_PUBLIC_KEY, WEBPUSH_VAPID_PRIVATE_KEY) for the environment."

    def handle(self, *args, **options):
        keys = vapid.generate()
        self.stdout.write(f"WEBPUSH_VAPID_PUBLIC_KEY={keys.public}")
        self.stdout.write(f"WEBPUSH_VAPID_PRIVATE_KEY={keys.private}")
        self.stderr.write("Keep the private key secret, and keep the pair: a new pair ends every reader's alerts.")
