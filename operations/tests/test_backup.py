import sqlite3

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from liveblogs.models import Post


def test_it_writes_a_complete_backup_file(transactional_db, blog, publish, tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    publish(blog, headline="Kept in the backup")
    call_command("backup", verbosity=0)
    [path] = [p for p in tmp_path.iterdir()]
    assert path.name.startswith("newsline-")
    assert not list(tmp_path.glob("*.partial"))
    if connection.vendor == "sqlite":
        copy = sqlite3.connect(path)
        assert copy.execute("SELECT count(*) FROM liveblogs_post").fetchone() == (Post.objects.count(),)
        copy.close()
    else:
        assert path.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format


def test_it_writes_to_the_file_asked_for(transactional_db, tmp_path):
    target = tmp_path / "nightly" / "site.backup"
    call_command("backup", output=target, verbosity=0)
    assert target.stat().st_size > 0


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_it_says_clearly_when_pg_dump_fails(transactional_db, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))  # no pg_dump here
    with pytest.raises(CommandError, match="pg_dump is not installed"):
        call_command("backup", output=tmp_path / "x.pgdump", verbosity=0)
    assert not list(tmp_path.glob("*.partial"))
