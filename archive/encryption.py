"""Text encrypted at rest: testimony, what is said of perpetrators, consent notes.

`EncryptedTextField` stores Fernet tokens (`cryptography`) and gives back the text.
The keys are RECORD_KEYS, newest first: the first encrypts, every one decrypts, so
a key is rotated by putting a new one first and running `manage.py
rotate_record_keys`. History copies the field, so history is encrypted too.

Why not django-fernet-encrypted-fields: it derives its keys from SECRET_KEY, and
the archive keeps the keys of what it encrypts apart from the key that signs
sessions (the same rule as the submitters' contacts, submissions.contact).

An empty value stays empty (forms and "blank" checks keep working). Such a field
cannot be searched or compared in the database: nothing filters on it.
"""

import pgtrigger
from cryptography.fernet import Fernet
from cryptography.fernet import MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models
from django.db import transaction

# How every Fernet token starts (version byte 0x80, then a timestamp): not a secret.
TOKEN_START = "gAAAAA"  # noqa: S105


def fernet(keys: list[str]) -> MultiFernet:
    """Fernet over `keys`, newest first: the first encrypts, every one decrypts. The
    archive's three key lists (records, contacts, backups) all go through it."""
    return MultiFernet([Fernet(key) for key in keys])


def is_token(value: str) -> bool:
    return value.startswith(TOKEN_START)


class EncryptedTextField(models.TextField):
    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return (
            fernet(settings.RECORD_KEYS).encrypt(value.encode()).decode()
            if value
            else value
        )

    def from_db_value(self, value, expression, connection):
        """The text; a value written before encryption (not a token) as it is."""
        if not value or not is_token(value):
            return value
        return fernet(settings.RECORD_KEYS).decrypt(value.encode()).decode()


def encrypted_fields() -> dict[type[models.Model], list[str]]:
    """Every model (history included) with encrypted fields, and their names."""
    found = {}
    for model in apps.get_models():
        names = [
            field.name
            for field in model._meta.concrete_fields
            if isinstance(field, EncryptedTextField)
        ]
        if names:
            found[model] = names
    return found


def rewrite(model: type[models.Model], names: list[str]) -> int:
    """Write every row's `names` again: encrypted with the newest key, whether they
    were plain text (before encryption) or encrypted with an older key. No trigger
    runs (history is append-only and must not record this as a change). Returns
    the rows written."""
    empty = models.Q(**dict.fromkeys(names, ""))
    rows = model._default_manager.exclude(empty).values_list("pk", *names)
    written = 0
    with transaction.atomic(), pgtrigger.ignore():
        for pk, *values in rows.iterator():
            fields = dict(zip(names, values, strict=True))
            model._default_manager.filter(pk=pk).update(**fields)
            written += 1
    return written
