"""manage.py restore PATH|--latest --yes: put a backup back. Open reader
pages and streams reset (every blog's epoch moves on)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from operations import backups


class Command(BaseCommand):
    help = "Restore the database from a backup made by `manage.py backup`; live readers reset cleanly."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", type=Path, help="the backup file")
        parser.add_argument("--latest", action="store_true", help="the newest backup in BACKUP_DIR")
        parser.add_argument("--yes", action="store_true", help="really replace the current database")

    def handle(self, *args, path, latest, yes, **options):
        if latest and not path:
            path = backups.latest_backup()
            if path is None:
                raise CommandError("no backup found in BACKUP_DIR; give the file to restore")
        if not path:
            raise CommandError("give the backup file to restore, or --latest")
        if not yes:
            raise CommandError(
                f"this replaces everything in the {backups.vendor()} database with {path}; "
                "run again with --yes (take a backup first: manage.py backup)"
            )
        try:
            moved = backups.restore(path)
        except backups.BackupError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Restored {path}. {moved} live blog(s) moved to a new epoch; open pages reset.")
