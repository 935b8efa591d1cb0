"""Administrators, and only they, read and export the partner tokens' usage log."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    administrator = Group.objects.get(name="administrator")
    administrator.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="archive", codename="view_tokenuse"
        )
    )


class Migration(migrations.Migration):
    dependencies = [("archive", "0005_partner_token_log_and_expiry")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
