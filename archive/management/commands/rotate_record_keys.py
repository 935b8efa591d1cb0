from django.core.management.base import BaseCommand

from archive.encryption import encrypted_fields
from archive.encryption import rewrite


class Command(BaseCommand):
    help = (
        "Re-encrypt testimony, perpetrator descriptions and consent notes, history "
        "included, with the first of RECORD_KEYS (after a new key was put first). "
        "Safe to rerun; a value no key can read stops it with an error."
    )

    def handle(self, *args, **options) -> None:
        for model, names in encrypted_fields().items():
            written = rewrite(model, names)
            self.stdout.write(
                f"{model._meta.label}: {written} rows re-encrypted ({', '.join(names)})"
            )
