from django.core.management.base import BaseCommand

from submissions.actions.contact_keys import reseal_originals
from submissions.actions.contact_keys import rotate_contact_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored submitter contact, and every file original still "
        "kept, with the first of SUBMISSION_CONTACT_KEYS (after a new key was put "
        "first). Safe to rerun."
    )

    def handle(self, *args, **options) -> None:
        rotated, unreadable = rotate_contact_keys()
        resealed, unreadable_files = reseal_originals()
        self.stdout.write(
            f"{rotated} contacts and {resealed} file originals re-encrypted with the "
            f"newest key; {unreadable + unreadable_files} no key can read (left as "
            "they are)."
        )
        if unreadable or unreadable_files:
            self.stderr.write(
                "Some contacts or originals need a key that is no longer in "
                "SUBMISSION_CONTACT_KEYS."
            )
