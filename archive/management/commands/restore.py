from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from archive.backups import BackupError
from archive.backups import restore_backup


class Command(BaseCommand):
    help = (
        "Restore a backup into an empty database and media folder (the configured "
        "ones unless --database-url / --media-root), after checking every file "
        "against its manifest. --force replaces what the backup holds in non-empty "
        "ones."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--database-url", help="restore into this database")
        parser.add_argument("--media-root", type=Path, help="restore files here")
        parser.add_argument(
            "--force", action="store_true", help="restore over a non-empty target"
        )

    def handle(self, *args, file, database_url, media_root, force, **options) -> None:
        if not file.is_file():
            raise CommandError(f"No such backup file: {file}")
        try:
            manifest = restore_backup(
                file, database_url=database_url, media_root=media_root, force=force
            )
        except BackupError as error:
            raise CommandError(str(error)) from None
        count = len(manifest["files"]) - 1
        self.stdout.write(
            f"Restored the backup made {manifest['created_at']}: the database and "
            f"{count} media files."
        )
