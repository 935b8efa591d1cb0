"""Administrators read and remove staff authenticators and recovery codes (a lost
phone: the person enrols again at the next sign-in)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

APPS = {"otp_totp": "totpdevice", "otp_static": "staticdevice"}


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.get(name="administrator")
    for label, model in APPS.items():
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
        administrator.permissions.add(
            *Permission.objects.filter(
                content_type__app_label=label,
                codename__in=[f"view_{model}", f"delete_{model}"],
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0006_administrators_read_token_uses"),
        ("otp_totp", "0003_add_timestamps"),
        ("otp_static", "0003_add_timestamps"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
