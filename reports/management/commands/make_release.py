from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from reports.actions import make_release
from reports.actions import preview_release


class Command(BaseCommand):
    help = (
        "Write the next numbered public release (CSV and JSON as a Frictionless "
        "Data Package, with SHA-256 manifest and changelog) into the default "
        "storage. --by names the staff account it is recorded under."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--by", required=True, help="Username of the administrator making it."
        )
        parser.add_argument(
            "--output",
            type=Path,
            help="Only write the next release's files into this new folder, to "
            "inspect or compare them; nothing is recorded or published.",
        )

    def handle(self, *args, by: str, output: Path | None, **options) -> None:
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None or not user.has_perm("reports.make_release"):
            raise CommandError(f"{by!r} is not an administrator who may make releases.")
        if output is not None:
            if output.exists():
                raise CommandError(f"{output} exists: give a new folder.")
            rows, _changes = preview_release(output)
            self.stdout.write(f"{sum(rows.values()):,} rows written to {output}.")
            return
        release = make_release(by=user)
        total = sum(release.rows.values())
        self.stdout.write(
            f"Release {release.number}: {total:,} rows in {len(release.rows)} tables, "
            f"{len(release.files)} files."
        )
