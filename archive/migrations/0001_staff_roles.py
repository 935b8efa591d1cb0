"""The staff roles as groups, with their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECORD_MODELS = {
    "sources": ["organisation", "source", "citation", "figure"],
    "victims": [
        "place", "person", "namevariant", "incident", "death", "injury",
        "detention", "criminalcase", "defendant",
    ],
    "allegations": ["tortureallegation"],
}  # fmt: skip
# Rows edited inline that may be removed as a correction; history keeps them.
DELETABLE = {"citation", "namevariant", "defendant"}


def editor_codenames() -> list[tuple[str, str]]:
    codenames = []
    for app_label, models in RECORD_MODELS.items():
        for model in models:
            actions = ["view", "add", "change"] + (["delete"] if model in DELETABLE else [])
            codenames += [(app_label, f"{action}_{model}") for action in actions]
    return codenames


def create_roles(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    def permissions(pairs):
        return [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in pairs
        ]

    editor = editor_codenames()
    moderator = [*editor, ("victims", "publish_records")]
    administrator = [
        *moderator,
        *[("auth", f"{a}_{m}") for a in ("view", "add", "change") for m in ("user", "group")],
    ]
    for name, pairs in (
        ("editor", editor),
        ("moderator", moderator),
        ("administrator", administrator),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set(permissions(pairs))


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("sources", "0001_sources_citations_figures"),
        ("victims", "0001_people_places_events"),
        ("allegations", "0001_torture_allegations"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
