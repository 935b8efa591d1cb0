"""Every staff role may read the history of records (pghistory's Events admin)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("pghistory")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view_events = Permission.objects.get(
        content_type__app_label="pghistory", codename="view_events"
    )
    for group in Group.objects.filter(name__in=["editor", "moderator", "administrator"]):
        group.permissions.add(view_events)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0001_staff_roles"),
        ("pghistory", "0007_auto_20250421_0444"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
