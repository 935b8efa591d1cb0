"""History of every record in one list, in the staff member's language; every
staff role may read it, as they could pghistory's own Events list."""

import django.db.models.manager
from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    app_config = apps.get_app_config("archive")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(
        content_type__app_label="archive", codename="view_historyevent"
    )
    for group in Group.objects.filter(name__in=["editor", "moderator", "administrator"]):
        group.permissions.add(view)


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0007_administrators_reset_authenticators'),
        ('pghistory', '0007_auto_20250421_0444'),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoryEvent',
            fields=[
            ],
            options={
                'verbose_name': 'change',
                'verbose_name_plural': 'history of every record',
                'proxy': True,
                'indexes': [],
                'constraints': [],
            },
            bases=('pghistory.events',),
            managers=[
                ('no_objects', django.db.models.manager.Manager()),
            ],
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
