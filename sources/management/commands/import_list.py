"""`manage.py import_list`: a published list's rows from a file, as the admin's
"Import the rows" does, for data managers who script their imports."""

from pathlib import Path

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError
from django.db import transaction

from archive.commands import staff_member
from archive.commands import write_counts
from sources.actions import read_import
from sources.actions import receive_list_file
from sources.actions import start_list_import
from sources.forms import ColumnMappingForm
from sources.models import ListImport
from sources.models import VictimList
from sources.tables import FIELDS
from sources.tables import TableError

CHANGE_LISTS = "sources.change_victimlist"


class Command(BaseCommand):
    help = (
        "Import a list's rows (CSV or XLSX) into the list with REFERENCE: every row "
        "and column kept as published, all or none. --map COLUMN=FIELD says which "
        "column holds which field (as the admin's column mapping); --by and "
        "--reason go into every entry's history."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--list", required=True, dest="reference")
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="COLUMN=FIELD",
            help=f"Repeat for each field; fields: {', '.join(FIELDS)}.",
        )
        parser.add_argument("--by", required=True, help="A staff username.")
        parser.add_argument("--reason", required=True)
        parser.add_argument("--json", type=Path, help="Also write the counts here.")

    def handle(self, *args, file: Path, reference: str, **options) -> None:
        user = staff_member(options["by"], CHANGE_LISTS, "change victim lists")
        victim_list = VictimList.objects.filter(reference=reference).first()
        if victim_list is None:
            raise CommandError(f"No list has the reference {reference!r}.")
        try:
            content = file.read_bytes()
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        try:
            with transaction.atomic():  # a refused mapping keeps nothing
                list_import = receive_list_file(
                    victim_list, content=content, filename=file.name, user=user
                )
                mapping = _mapping(options["map"], read_import(list_import).headers)
                start_list_import(
                    list_import, mapping=mapping, reason=options["reason"], at_once=True
                )
        except TableError as error:
            raise CommandError(str(error)) from error
        list_import.refresh_from_db()
        counts = {
            "list": reference,
            "file": file.name,
            "sha256": list_import.sha256,
            "status": list_import.status,
            "rows": list_import.rows_total,
            "errors": list_import.errors,
        }
        write_counts(self, counts, options["json"])
        if list_import.status != ListImport.Status.DONE:
            raise CommandError(
                "Nothing was imported: "
                + "; ".join(error["message"] for error in list_import.errors)
            )


def _mapping(pairs: list[str], headers: list[str]) -> dict[str, str]:
    """--map COLUMN=FIELD pairs, checked by the admin's own mapping form."""
    data = {}
    for pair in pairs:
        column, sep, name = pair.rpartition("=")
        if not sep or name not in FIELDS:
            raise CommandError(
                f"--map {pair!r}: give COLUMN=FIELD, FIELD one of {', '.join(FIELDS)}."
            )
        data[name] = column
    form = ColumnMappingForm(data, headers=headers)
    if not form.is_valid():
        problems = [
            f"{name}: {' '.join(errors)}" if name != "__all__" else " ".join(errors)
            for name, errors in form.errors.items()
        ]
        raise CommandError(
            "The mapping does not fit the file's columns "
            f"({', '.join(headers)}): {'; '.join(problems)}"
        )
    return form.mapping
