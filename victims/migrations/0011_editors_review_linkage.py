"""Editors and moderators review who list entries are (the linkage review queue)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["review_linkage", "view_entrydecision"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("victims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="victims", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=["editor", "moderator", "administrator"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("victims", "0010_list_entry_linkage"),
        ("archive", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
