import archive.encryption
from django.db import migrations

MODELS = ['Person', 'PersonEvent']
FIELDS = ["consent_note"]


def encrypt_what_is_stored(apps, schema_editor):
    """Rows (and their history) written before encryption, now encrypted."""
    for name in MODELS:
        archive.encryption.rewrite(apps.get_model("victims", name), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('victims', '0012_records_are_never_deleted'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='consent_note',
            field=archive.encryption.EncryptedTextField(blank=True, help_text='Who consented to naming, when and how.', verbose_name='consent on record'),
        ),
        migrations.AlterField(
            model_name='personevent',
            name='consent_note',
            field=archive.encryption.EncryptedTextField(blank=True, help_text='Who consented to naming, when and how.', verbose_name='consent on record'),
        ),
        migrations.RunPython(encrypt_what_is_stored, migrations.RunPython.noop),
    ]
