import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from archive.backups import BackupError
from archive.backups import make_backup
from archive.backups import unpack


class Command(BaseCommand):
    help = (
        "Write one encrypted backup file (pg_dump custom format and the media files, "
        "with a manifest of SHA-256s) into BACKUP_DIR, or check one with --verify."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", type=Path, help="folder (default BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=int,
            help="keep only this many newest backups in the folder (default "
            "BACKUP_KEEP)",
        )
        parser.add_argument(
            "--verify",
            type=Path,
            metavar="FILE",
            help="decrypt FILE and check every file in it against its manifest; "
            "writes nothing",
        )

    def handle(self, *args, output, keep, verify, **options) -> None:
        try:
            if verify:
                self._verify(verify)
                return
            keep = keep if keep is not None else settings.BACKUP_KEEP
            if keep < 1:
                raise CommandError("--keep must be 1 or more.")
            written = make_backup(output or Path(settings.BACKUP_DIR), keep=keep)
        except BackupError as error:
            raise CommandError(str(error)) from None
        size = written.stat().st_size
        self.stdout.write(f"{written} ({size:,} bytes)")

    def _verify(self, path: Path) -> None:
        with tempfile.TemporaryDirectory() as work:
            manifest = unpack(path, Path(work))
        files = manifest["files"]
        total = sum(entry["bytes"] for entry in files.values())
        self.stdout.write(
            f"{path}: intact, made {manifest['created_at']}; {len(files)} files, "
            f"{total:,} bytes, every SHA-256 matches"
        )
