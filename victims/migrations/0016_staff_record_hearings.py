"""Every staff role records hearings on a case's page, as they record defendants;
removing one is a moderator's correction (ModeratedRemovalInline)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["editor", "moderator", "administrator"]
ACTIONS = ["view", "add", "change", "delete"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("victims")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    hearings = Permission.objects.filter(
        content_type__app_label="victims",
        codename__in=[f"{action}_hearing" for action in ACTIONS],
    )
    for group in Group.objects.filter(name__in=ROLES):
        group.permissions.add(*hearings)


class Migration(migrations.Migration):
    dependencies = [("victims", "0015_hearings_and_units_of_accused_officials")]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
