"""django-import-export's `import`, which records who and why.

The library's command writes records with no user and no reason in their history.
This one (found first: "import_export" comes after the project's apps in
INSTALLED_APPS) refuses to run without --by, a staff account that may add the
resource's records, and --reason, and records both in the history of every row it
writes, as the admin's import does. The importer is also given to the resource, as
the admin gives it, so that the write-side rule knows who writes (archive.widening).
"""

from importlib import import_module

import pghistory
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from import_export.command_utils import get_format_class
from import_export.command_utils import get_resource_class

# "import" is a Python keyword: the library's module is loaded as Django loads it.
library = import_module("import_export.management.commands.import")


class Command(library.Command):
    help = (
        f"{library.Command.help} Needs --by (a staff account that may add these "
        "records) and --reason, both kept in the history of every row written."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.add_argument("--by", required=True, help="Username of the importer.")
        parser.add_argument(
            "--reason", required=True, help="Why, kept in each row's history."
        )

    def handle(self, *args, by: str, reason: str, **options) -> None:
        if not reason.strip():
            raise CommandError("--reason may not be empty.")
        model = get_resource_class(options["resource"])()._meta.model
        permission = f"{model._meta.app_label}.add_{model._meta.model_name}"
        user = get_user_model().objects.filter(username=by, is_active=True).first()
        if user is None or not user.has_perm(permission):
            raise CommandError(
                f"{by!r} is not an active staff account that may add "
                f"{model._meta.verbose_name_plural}."
            )
        with pghistory.context(user=user.pk, reason=f"command-line import: {reason}"):
            self.import_as(user, options)

    def import_as(self, user, options: dict) -> None:
        """The library's import of a file, with the importer passed on."""
        if (
            options["interactive"]
            and input("Are you sure you want to import the data? [yes/no]: ") != "yes"
        ):
            raise CommandError("Import cancelled.")
        resource = get_resource_class(options["resource"])()
        name = options["import_file_name"]
        format_class = get_format_class(options["format"], name, options["encoding"])
        with open(name, format_class.get_read_mode()) as file:
            dataset = format_class.create_dataset(file.read())
        result = resource.import_data(
            dataset,
            dry_run=options["dry_run"],
            raise_errors=options["raise_errors"],
            user=user,
        )
        if result.has_errors():
            for line, errors in result.row_errors():
                for error in errors:
                    self.stderr.write(f"Line number: {line} - {error.error!r}")
            for error in result.base_errors:
                self.stderr.write(repr(error.error))
            raise CommandError("Import errors: nothing was imported.")
        totals = ", ".join(f"{count} {kind}" for kind, count in result.totals.items())
        self.stdout.write(f"Import finished: {totals}.")
