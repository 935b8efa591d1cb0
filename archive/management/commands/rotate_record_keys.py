from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import ProgrammingError

from archive.encryption import encrypted_fields
from archive.encryption import rewrite


class Command(BaseCommand):
    help = (
        "Re-encrypt testimony, perpetrator descriptions and consent notes, history "
        "included, with the first of RECORD_KEYS (after a new key was put first). "
        "Safe to rerun; a value no key can read stops it with an error. Runs as the "
        "tables' owner: the application's role may not rewrite history."
    )

    def handle(self, *args, **options) -> None:
        for model, names in encrypted_fields().items():
            try:
                written = rewrite(model, names)
            except ProgrammingError as error:
                if "permission denied" not in str(error):
                    raise
                raise CommandError(
                    "History is append-only for the application's database role: "
                    "run this with DATABASE_URL of the tables' owner (README, "
                    "'Database roles')."
                ) from error
            self.stdout.write(
                f"{model._meta.label}: {written} rows re-encrypted ({', '.join(names)})"
            )
