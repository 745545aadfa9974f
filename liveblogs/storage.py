"""The default file storage: the filesystem under MEDIA_ROOT, written
atomically. Each file is written to a temporary name beside its target,
flushed to disk, then linked into place, so a reader (or nginx) never sees
half a file, and a full disk leaves nothing behind.

With MEDIA_STORAGE=s3 an S3-compatible bucket takes its place through
django-storages (newsline/lib/media_storage.py, docs/newsroom.md)."""

import os
import tempfile

from django.core.files.storage import FileSystemStorage


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        os.makedirs(directory, exist_ok=True)
        fd, temp_path = tempfile.mkstemp(dir=directory, prefix=".", suffix=".part")
        try:
            with os.fdopen(fd, "wb") as f:
                self._write(f, content)
                f.flush()
                os.fsync(f.fileno())
            os.chmod(temp_path, self.file_permissions_mode or 0o644)
            while True:
                try:
                    # A hard link never replaces a file someone else just saved.
                    os.link(temp_path, full_path)
                    break
                except FileExistsError:
                    name = self.get_available_name(name)
                    full_path = self.path(name)
        finally:
            try:
                os.unlink(temp_path)
            except FileNotFoundError:
                pass
        return str(name).replace("\\", "/")

    def _write(self, f, content):
        if hasattr(content, "seek"):
            content.seek(0)
        for chunk in content.chunks():
            f.write(chunk)
