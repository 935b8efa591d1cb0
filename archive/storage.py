"""Where uploaded and generated files are kept: the file system, owner-only
(FILE_UPLOAD_PERMISSIONS), and never a half-written file; and their SHA-256.

Django's FileSystemStorage leaves what it wrote so far when a write fails (a full
disk, a size limit): a partial file that no row points to. `_save` is the method
Django documents for custom storages to override.
"""

import contextlib
import hashlib
from pathlib import Path

from django.core.files import File
from django.core.files.storage import FileSystemStorage


class WholeFileStorage(FileSystemStorage):
    """A failed write removes its partial file, then raises the error."""

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except OSError:
            # A folder that cannot be read held nothing written: suppress that.
            with contextlib.suppress(OSError):
                self.delete(name)
            raise


def sha256_of(file: File) -> str:
    """The SHA-256 of an uploaded or stored file, read in chunks."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def sha256_of_path(path: Path) -> str:
    """The SHA-256 of the file at `path`, read in chunks."""
    with path.open("rb") as handle:
        return sha256_of(File(handle))
