"""manage.py backup [--output PATH]: a consistent copy of the database."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = "Back up the database (SQLite: online backup API; PostgreSQL: pg_dump custom format)."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="the file to write (default: BACKUP_DIR/newsline-<UTC time>.…)")

    def handle(self, *args, output, **options):
        try:
            path = backups.backup(output or backups.default_path())
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Backed up the {backups.vendor()} database to {path} ({path.stat().st_size:,} bytes).")
