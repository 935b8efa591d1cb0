"""Moderators and administrators, and only they, review and decide submissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

CODENAMES = ["view_submission", "change_submission", "moderate_submission"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("submissions")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(
        content_type__app_label="submissions", codename__in=CODENAMES
    )
    for group in Group.objects.filter(name__in=["moderator", "administrator"]):
        group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("submissions", "0001_submissions_attachments_decisions"),
        ("archive", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
