"""Every staff role enters lists and annotates their entries; entries themselves are
imported, never added or changed by hand."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = [
    "view_victimlist",
    "add_victimlist",
    "change_victimlist",
    "view_listentry",
    "view_entryannotation",
    "add_entryannotation",
]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("sources")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="sources", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=["editor", "moderator", "administrator"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("sources", "0003_victim_lists_kept_verbatim"),
        ("archive", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
