"""Staff compute and read estimates of the uncounted and see releases in the
admin; administrators publish estimates and make releases."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

STAFF = ["add_uncountedestimate", "view_uncountedestimate", "view_release"]
ADMINISTRATORS = [*STAFF, "publish_estimate", "make_release"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("reports")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for names, codenames in [
        (["editor", "moderator"], STAFF),
        (["administrator"], ADMINISTRATORS),
    ]:
        permissions = Permission.objects.filter(
            content_type__app_label="reports", codename__in=codenames
        )
        for group in Group.objects.filter(name__in=names):
            group.permissions.add(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0001_estimates_and_releases"),
        ("archive", "0001_staff_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
