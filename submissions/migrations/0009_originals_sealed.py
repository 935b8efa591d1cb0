"""Originals of files kept in plain by earlier versions (not yet scrubbed, or that
could not be), now encrypted like every new one (submissions.contact.seal)."""

from functools import partial

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import migrations
from django.db import transaction

from archive.encryption import TOKEN_START


def seal_plain_originals(apps, schema_editor):
    from submissions import contact

    Attachment = apps.get_model("submissions", "Attachment")
    for attachment in Attachment.objects.exclude(original=""):
        try:
            with attachment.original.open("rb") as original:
                content = original.read()
        except FileNotFoundError:
            continue
        if content.startswith(TOKEN_START.encode()):
            continue
        old = attachment.original.name
        folder = old.rsplit("/", 1)[0]
        attachment.original = default_storage.save(
            f"{folder}/sealed", ContentFile(contact.seal(content))
        )
        attachment.save(update_fields=["original"])
        transaction.on_commit(
            partial(default_storage.delete, old), using=schema_editor.connection.alias
        )


class Migration(migrations.Migration):
    dependencies = [("submissions", "0008_testimony_and_health_encrypted")]

    operations = [
        migrations.RunPython(seal_plain_originals, migrations.RunPython.noop),
    ]
