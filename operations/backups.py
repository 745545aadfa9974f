"""Backups of the database: SQLite through its online backup API (a
consistent copy while the site runs), PostgreSQL through pg_dump's custom
format (pg_restore puts it back). A backup is written under a temporary name
and renamed when complete, so a backup file is never half-written.

After a restore every live blog's epoch moves past both the restored and the
replaced value: open reader pages and streams see a new epoch and reset
cleanly instead of mixing events from two histories."""

import datetime
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction


class BackupError(Exception):
    pass


def vendor() -> str:
    return connection.vendor  # "sqlite" or "postgresql"


def default_path() -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    suffix = ".sqlite3" if vendor() == "sqlite" else ".pgdump"
    return Path(settings.BACKUP_DIR) / f"newsline-{stamp}{suffix}"


def latest_backup() -> Path | None:
    folder = Path(settings.BACKUP_DIR)
    suffix = ".sqlite3" if vendor() == "sqlite" else ".pgdump"
    found = sorted(folder.glob(f"newsline-*{suffix}")) if folder.is_dir() else []
    return found[-1] if found else None


def _pg_env() -> dict:
    s = connection.settings_dict
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if s.get(key):
            env[name] = str(s[key])
    env["PGDATABASE"] = s["NAME"]
    return env


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client); it is needed on PostgreSQL")
    return found


def backup(path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    try:
        if vendor() == "sqlite":
            source = sqlite3.connect(connection.settings_dict["NAME"])
            target = sqlite3.connect(partial)
            try:
                with target:
                    source.backup(target)  # page by page, consistent, while others write
                if target.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                    raise BackupError("the copy failed SQLite's integrity check")
            finally:
                target.close()
                source.close()
        else:
            result = subprocess.run(
                [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--no-privileges", f"--file={partial}"],
                env=_pg_env(), capture_output=True, text=True,
            )
            if result.returncode:
                raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _epochs() -> dict[int, int]:
    from liveblogs.models import LiveBlog

    return dict(LiveBlog.objects.values_list("id", "epoch"))


def restore(path: Path) -> int:
    """Put the backup at `path` in place of the database; returns how many
    blogs had their epoch moved on."""
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    before = _epochs()
    if vendor() == "sqlite":
        source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            if source.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise BackupError(f"{path}: not a sound SQLite database")
            connection.close()
            target = sqlite3.connect(connection.settings_dict["NAME"], timeout=30)
            try:
                source.backup(target)  # in place: running servers see the restored pages
            finally:
                target.close()
        except sqlite3.DatabaseError as exc:
            raise BackupError(f"{path}: {exc}") from None
        finally:
            source.close()
    else:
        connection.close()
        result = subprocess.run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
             f"--dbname={connection.settings_dict['NAME']}", str(path)],
            env=_pg_env(), capture_output=True, text=True,
        )
        if result.returncode:
            raise BackupError(f"pg_restore failed (nothing was changed): {result.stderr.strip()}")
    return bump_epochs(before)


def bump_epochs(before: dict[int, int]) -> int:
    """Every blog's epoch past both histories', then a signal so servers
    look at once (their log poll would find it anyway)."""
    from liveblogs.models import LiveBlog
    from realtime.registry import signal

    moved = []
    with transaction.atomic():
        for blog in LiveBlog.objects.select_for_update().only("id", "slug", "epoch", "head_seq"):
            blog.epoch = max(blog.epoch, before.get(blog.pk, 0)) + 1
            blog.save(update_fields=["epoch"])
            moved.append((blog.slug, blog.head_seq))
    for slug, head in moved:
        signal("liveblog", slug, head)
    return len(moved)
