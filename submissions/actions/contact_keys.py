"""Re-encrypting contacts and sealed originals under the newest key
(`manage.py rotate_contact_keys`)."""

from functools import partial

from cryptography.fernet import InvalidToken
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from .. import contact
from ..models import Attachment
from ..models import Submission


def rotate_contact_keys(*, batch_size: int = 500) -> tuple[int, int]:
    """Re-encrypt every stored contact with the newest key (contact.rotate), in
    batches, each in its own transaction. Returns (re-encrypted, unreadable)."""
    rotated = unreadable = 0
    last = 0
    while True:
        with transaction.atomic():
            batch = list(
                Submission.objects.filter(pk__gt=last, contact_encrypted__isnull=False)
                .order_by("pk")
                .only("pk", "contact_encrypted")[:batch_size]
            )
            if not batch:
                return rotated, unreadable
            for submission in batch:
                try:
                    token = contact.rotate(submission.contact_encrypted)
                except InvalidToken:
                    unreadable += 1
                    continue
                Submission.objects.filter(pk=submission.pk).update(
                    contact_encrypted=token
                )
                rotated += 1
            last = batch[-1].pk


def reseal_originals() -> tuple[int, int]:
    """Re-encrypt every original still kept (one not yet scrubbed, or quarantined)
    with the newest key, each into a new file that replaces the old on commit.
    Returns (re-encrypted, unreadable)."""
    resealed = unreadable = 0
    for attachment in Attachment.objects.exclude(original="").order_by("pk"):
        with attachment.original.open("rb") as original:
            sealed = original.read()
        try:
            token = contact.rotate(sealed)
        except InvalidToken:
            unreadable += 1
            continue
        with transaction.atomic():
            old = attachment.original.name
            attachment.original.save("original", ContentFile(token), save=False)
            attachment.save(update_fields=["original"])
            transaction.on_commit(partial(default_storage.delete, old))
        resealed += 1
    return resealed, unreadable
