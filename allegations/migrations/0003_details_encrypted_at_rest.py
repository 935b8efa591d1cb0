import archive.encryption
from django.db import migrations

MODELS = ['TortureAllegation', 'TortureAllegationEvent']
FIELDS = ["testimony", "perpetrator_description"]


def encrypt_what_is_stored(apps, schema_editor):
    """Rows (and their history) written before encryption, now encrypted."""
    for name in MODELS:
        archive.encryption.rewrite(apps.get_model("allegations", name), FIELDS)


class Migration(migrations.Migration):

    dependencies = [
        ('allegations', '0002_records_are_never_deleted'),
    ]

    operations = [
        migrations.AlterField(
            model_name='tortureallegation',
            name='perpetrator_description',
            field=archive.encryption.EncryptedTextField(blank=True, verbose_name='what is said of the perpetrators'),
        ),
        migrations.AlterField(
            model_name='tortureallegation',
            name='testimony',
            field=archive.encryption.EncryptedTextField(blank=True, verbose_name='testimony'),
        ),
        migrations.AlterField(
            model_name='tortureallegationevent',
            name='perpetrator_description',
            field=archive.encryption.EncryptedTextField(blank=True, verbose_name='what is said of the perpetrators'),
        ),
        migrations.AlterField(
            model_name='tortureallegationevent',
            name='testimony',
            field=archive.encryption.EncryptedTextField(blank=True, verbose_name='testimony'),
        ),
        migrations.RunPython(encrypt_what_is_stored, migrations.RunPython.noop),
    ]
