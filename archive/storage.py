"""Where uploaded and generated files are kept: the file system, owner-only
(FILE_UPLOAD_PERMISSIONS), and never a half-written file.

Django's FileSystemStorage leaves what it wrote so far when a write fails (a full
disk, a size limit): a partial file that no row points to. `_save` is the method
Django documents for custom storages to override.
"""

import contextlib

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
