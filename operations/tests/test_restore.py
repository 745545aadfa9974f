import pytest
from django.core.management import CommandError, call_command

from liveblogs.models import LiveBlog, Post
from tests.brokers import open_reader


@pytest.fixture
def backup_of(tmp_path):
    def take():
        path = tmp_path / "before.backup"
        call_command("backup", output=path, verbosity=0)
        return path

    return take


def test_it_puts_the_backup_back_and_moves_every_blog_to_a_new_epoch(transactional_db, blog, publish, backup_of):
    publish(blog, headline="Before the backup")
    path = backup_of()
    publish(blog, headline="After the backup")
    blog.refresh_from_db()
    epoch_before = blog.epoch

    call_command("restore", str(path), "--yes", verbosity=0)

    assert list(Post.objects.values_list("headline", flat=True)) == ["Before the backup"]
    blog.refresh_from_db()
    assert blog.epoch == epoch_before + 1


def test_it_moves_past_the_epoch_of_the_replaced_history_too(transactional_db, blog, backup_of):
    path = backup_of()  # epoch 1 in the backup
    LiveBlog.objects.filter(pk=blog.pk).update(epoch=5)  # an earlier restore moved the live one on
    call_command("restore", str(path), "--yes", verbosity=0)
    blog.refresh_from_db()
    assert blog.epoch == 6


def test_it_restores_the_latest_backup_in_the_backup_folder(transactional_db, blog, publish, settings, tmp_path):
    settings.BACKUP_DIR = tmp_path
    call_command("backup", verbosity=0)
    publish(blog, headline="Not in the backup")
    call_command("restore", "--latest", "--yes", verbosity=0)
    assert not Post.objects.exists()


def test_it_asks_for_yes_before_replacing_anything(transactional_db, blog, publish, backup_of):
    path = backup_of()
    publish(blog, headline="Still here")
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(path), verbosity=0)
    assert Post.objects.filter(headline="Still here").exists()


def test_it_refuses_a_file_that_is_not_a_backup_and_changes_nothing(transactional_db, blog, publish, tmp_path):
    publish(blog, headline="Still here")
    bogus = tmp_path / "notes.txt"
    bogus.write_text("shopping list")
    with pytest.raises(CommandError):
        call_command("restore", str(bogus), "--yes", verbosity=0)
    assert Post.objects.filter(headline="Still here").exists()


def test_it_resets_open_streams(transactional_db, asgi_server, unique_blog, publish, backup_of):
    publish(unique_blog, headline="Before the backup")
    path = backup_of()
    reader = open_reader(asgi_server, unique_blog)
    publish(unique_blog, headline="Lost with the restore")
    assert reader.next_event()["data"]["post"]["title"] == "Lost with the restore"

    call_command("restore", str(path), "--yes", verbosity=0)

    event = reader.next_event()
    assert event["event"] == "reset"
    unique_blog.refresh_from_db()
    assert event["data"]["epoch"] == unique_blog.epoch
