"""Writes to sources: publishing records (which needs citations), loading the archive's
own documents and figures, file hashes, and importing a victim list's rows."""

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pghistory
from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.bulk import insert_records
from archive.imports import file_error
from archive.queueing import after_commit
from archive.visibility import Visibility
from archive.widening import WideningRefused
from archive.widening import refuse_widening

from .models import Citation
from .models import Figure
from .models import ListEntry
from .models import ListImport
from .models import Organisation
from .models import Source
from .models import VictimList
from .tables import ParsedRow
from .tables import Table
from .tables import TableError
from .tables import guess_mapping
from .tables import parse_row
from .tables import read_table

DATA_DIR = Path(__file__).resolve().parent / "data"

SHARED_NEEDS_CITATION = _(
    "A record shared with partners or the public needs at least one citation of a "
    "source they may read: add it first."
)


def lacks_citation(record, *, visibility: str, citations: int) -> bool:
    """Would `record` reach partners or the public with no citation they may read?
    `citations` counts those readable at `visibility` (see SHARED_NEEDS_CITATION).
    """
    return (
        record.REQUIRES_CITATION and visibility != Visibility.STAFF and citations == 0
    )


@dataclass
class PublishReport:
    published: int
    refused: list[str]


@transaction.atomic
def publish_records(records: QuerySet, *, note: str = "") -> PublishReport:
    """Make records public; any that cites no publicly readable source is refused
    and left as it was (a staff-only testimony is not evidence the public can check).
    """
    refused, ready = [], []
    for record in records.current():
        citations = Citation.objects.readable_count(record, Visibility.PUBLIC)
        if lacks_citation(record, visibility=Visibility.PUBLIC, citations=citations):
            refused.append(record.label_for(Visibility.STAFF))
        else:
            ready.append(record.pk)
    with pghistory.context(reason=f"published. {note}".strip()):
        published = records.model.objects.filter(pk__in=ready).update(
            visibility=Visibility.PUBLIC, updated_at=timezone.now()
        )
    return PublishReport(published=published, refused=refused)


@dataclass
class LoadReport:
    organisations: int
    sources: int
    figures: int
    figures_created: int
    lists: int


def _rows(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@transaction.atomic
def load_archive_data() -> LoadReport:
    """Create or update the seed organisations, documents, figures and the victim
    lists the documents describe (empty shells); safe to rerun.

    Every figure and list is public and cites the document that reports it.
    """
    with pghistory.context(reason="load_archive_data: the archive's own seed data"):
        organisations = {
            row["name"]: Organisation.objects.update_or_create(
                name=row["name"],
                defaults={
                    "kind": row["kind"],
                    "name_kk": row["name_kk"],
                    "name_ru": row["name_ru"],
                },
            )[0]
            for row in _rows("organisations.csv")
        }
        sources = {}
        for row in _rows("documents.csv"):
            source, _ = Source.objects.update_or_create(
                reference=row["reference"],
                defaults={
                    "kind": row["kind"],
                    "title": row["title"],
                    "published_on": date.fromisoformat(row["published_on"]),
                    "language": row["language"],
                    "visibility": Visibility.PUBLIC,
                },
            )
            source.publishers.set(
                organisations[name.strip()] for name in row["publishers"].split(";")
            )
            sources[f"{row['reference']}.txt"] = source

        created = 0
        rows = _rows("figures.csv")
        for row in rows:
            figure, was_created = Figure.objects.update_or_create(
                metric=row["metric"],
                value=int(row["value"]),
                qualifier=row["qualifier"],
                claimant=organisations[row["claimed_by"]],
                as_of=date.fromisoformat(row["published_on"]),
                defaults={
                    **{
                        f"{column}{language}": row[f"{column}{language}"]
                        for column in ("includes", "note")
                        for language in ("", "_kk", "_ru")
                    },
                    "visibility": Visibility.PUBLIC,
                },
            )
            created += was_created
            Citation.objects.cite(figure, sources[row["reported_in"]])
        lists = _rows("lists.csv")
        for row in lists:
            _load_list_shell(row, organisations, sources)
    return LoadReport(
        organisations=len(organisations),
        sources=len(sources),
        figures=len(rows),
        figures_created=created,
        lists=len(lists),
    )


def _load_list_shell(row: dict, organisations: dict, sources: dict) -> VictimList:
    """A list the seed documents describe, as an empty shell: what it counts and the
    number it claims, citing the document that reports it. Its names are entered by
    staff from the published list; the seeds contain none."""
    victim_list, _ = VictimList.objects.update_or_create(
        reference=row["reference"],
        defaults={
            "title": row["title"],
            "compiled_by": organisations[row["compiled_by"]],
            "counts": row["counts"],
            "claimed_count": int(row["claimed_count"])
            if row["claimed_count"]
            else None,
            "as_of": date.fromisoformat(row["as_of"]),
            "as_of_precision": row["as_of_precision"],
            "language": "other",
            "notes": row["note"],
            "visibility": Visibility.PUBLIC,
        },
    )
    victim_list.publishers.set([organisations[row["compiled_by"]]])
    Citation.objects.cite(victim_list, sources[row["reported_in"]])
    return victim_list


IMPORT_BATCH = 1000


@transaction.atomic
def receive_list_file(
    victim_list: VictimList, *, content: bytes, filename: str, user
) -> ListImport:
    """Keep a list's file for its column mapping, after checking that it reads as a
    list: the file is refused whole (TableError) when it does not, when the list
    already holds its rows, or when the same file (by SHA-256) was imported before.
    Sending the same file again while it waits for its mapping resumes that import.
    """
    if victim_list.entries.exists():
        raise TableError(
            _("This list already holds its rows; a new version is a new list.")
        )
    table = read_table(content, filename, max_bytes=settings.LIST_IMPORT_MAX_BYTES)
    digest = hashlib.sha256(content).hexdigest()
    earlier = ListImport.objects.filter(sha256=digest).exclude(
        status=ListImport.Status.FAILED
    )
    if waiting := earlier.filter(
        victim_list=victim_list, status=ListImport.Status.UPLOADED
    ).first():
        return waiting
    if done := earlier.first():
        raise TableError(
            _("This file was already imported into “%(list)s” on %(date)s.")
            % {"list": done.victim_list.title, "date": done.created_at.date()}
        )
    list_import = ListImport(
        victim_list=victim_list,
        status=ListImport.Status.UPLOADED,
        rows_total=len(table.rows),
        mapping=victim_list.column_mapping or guess_mapping(table.headers),
        created_by=user,
    )
    list_import.keep(content, filename)
    return list_import


def read_import(list_import: ListImport) -> Table:
    return read_table(
        list_import.content(),
        list_import.filename,
        max_bytes=settings.LIST_IMPORT_MAX_BYTES,
    )


def preview_rows(table: Table, mapping: dict[str, str]) -> list[ParsedRow]:
    """Every row parsed by `mapping`, with its warnings (what the import will keep)."""
    return [
        parse_row(dict(zip(table.headers, row, strict=True)), mapping)
        for row in table.rows
    ]


@transaction.atomic
def start_list_import(
    list_import: ListImport,
    *,
    mapping: dict[str, str],
    reason: str = "",
    at_once: bool = False,
) -> None:
    """Import now when the list is small (or `at_once`, as the command line does);
    else queue it (sources.tasks) and let the page follow its progress. The mapping
    is kept for the list's next version; the reason goes into every entry's
    history."""
    list_import.mapping = mapping
    list_import.reason = reason
    list_import.status = ListImport.Status.QUEUED
    list_import.save(update_fields=["mapping", "reason", "status"])
    VictimList.objects.filter(pk=list_import.victim_list_id).update(
        column_mapping=mapping
    )
    if at_once or list_import.rows_total <= settings.LIST_IMPORT_SYNC_ROWS:
        import_list_rows(list_import.pk)
        return
    from .tasks import import_list

    after_commit(import_list, list_import.pk)


def import_list_rows(list_import_id: int) -> int:
    """Write every row of a queued import as an entry, all or none; idempotent (an
    import already done writes nothing). Returns the rows written."""
    with transaction.atomic():
        list_import = (
            ListImport.objects.select_for_update()
            .select_related("victim_list", "created_by")
            .get(pk=list_import_id)
        )
        if list_import.status != ListImport.Status.QUEUED:
            return 0
        try:
            written = _write_entries(list_import)
        except TableError as error:
            written, errors = 0, [file_error(str(error))]
        except WideningRefused as refused:
            written, errors = 0, [file_error(m) for m in refused.messages]
        else:
            errors = []
        list_import.finish(errors)
    return written


def _write_entries(list_import: ListImport) -> int:
    """Every row as an entry; WideningRefused, and nothing written, when the
    list's audience would read them and the importer may not decide that."""
    table = read_import(list_import)
    context = {
        "user": list_import.created_by_id,
        "reason": "; ".join(
            filter(None, [f"list import: {list_import.filename}", list_import.reason])
        ),
    }
    entries = ListEntry.objects.filter(victim_list=list_import.victim_list_id)
    with (
        pghistory.context(**context),
        refuse_widening(by=list_import.created_by, records=entries),
    ):
        for start in range(0, len(table.rows), IMPORT_BATCH):
            rows = table.rows[start : start + IMPORT_BATCH]
            insert_records(
                ListEntry,
                (
                    {
                        "victim_list_id": list_import.victim_list_id,
                        "row_number": start + offset + 1,
                        "columns": [
                            list(pair) for pair in zip(table.headers, row, strict=True)
                        ],
                        **parsed.values,
                    }
                    for offset, (row, parsed) in enumerate(
                        zip(
                            rows,
                            preview_rows(
                                Table(table.headers, rows), list_import.mapping
                            ),
                            strict=True,
                        )
                    )
                ),
            )
            list_import.report_progress("writing", start + len(rows))
    return len(table.rows)
