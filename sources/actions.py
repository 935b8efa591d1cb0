"""Writes to sources: publishing records (which needs citations), loading the archive's
own documents and figures, file hashes."""

import csv
import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pghistory
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from archive.visibility import Visibility

from .models import Citation, Figure, Organisation, Source, VictimList

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
                    "includes": row["includes"],
                    "note": row["note"],
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


def sha256_of(file: File) -> str:
    """The SHA-256 of an uploaded or stored file, read in chunks."""
    digest = hashlib.sha256()
    file.seek(0)
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()
