from django.core.management.base import BaseCommand

from submissions.actions import rotate_contact_keys


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored submitter contact with the first of "
        "SUBMISSION_CONTACT_KEYS (after a new key was put first). Safe to rerun."
    )

    def handle(self, *args, **options) -> None:
        rotated, unreadable = rotate_contact_keys()
        self.stdout.write(
            f"{rotated} contacts re-encrypted with the newest key; "
            f"{unreadable} no key can read (left as they are)."
        )
        if unreadable:
            self.stderr.write(
                "Some contacts need a key that is no longer in SUBMISSION_CONTACT_KEYS."
            )
