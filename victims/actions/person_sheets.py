"""Checking a staff spreadsheet of people row by row, and writing it in bulk.

The small import in the admin (victims.person_resource, django-import-export, with a
preview) and the background import of large sheets (`import_person_sheet`) read
the same columns with the same checks (`SheetChecker`); every error of every row is
reported, not only the first. The background import writes people, their
spellings, deaths, detentions and citations a thousand rows a statement
(archive.bulk), inside the history context of who sent the sheet and why, and all
or nothing.
"""

import time
import uuid
from dataclasses import dataclass
from dataclasses import field
from datetime import date

import pghistory
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from archive.bulk import allocate_ids
from archive.bulk import insert_records
from archive.imports import file_error
from archive.models import Answer
from archive.queueing import after_commit
from archive.widening import Watch
from archive.widening import WideningRefused
from archive.widening import refuse_widening
from sources.models import Citation
from sources.models import Source
from sources.tables import Table
from sources.tables import read_table

from ..models import Cause
from ..models import Death
from ..models import Detention
from ..models import NameVariant
from ..models import Outcome
from ..models import Person
from ..models import Place
from ..models.imports import PersonImport
from ..models.people import name_keys
from ..names import guess_script

BATCH = 1000
MAX_ERRORS = 1000  # reported on the result page; the sheet is refused whole anyway
DEATH_COLUMNS = ("death_date", "death_place", "death_cause")
DETENTION_COLUMNS = ("detained_on", "facility", "charges")
PLACE_KINDS = {
    "region": ["region", "city"],
    "settlement": ["city", "settlement"],
    "death_place": ["city", "settlement", "facility"],
    "detention_place": ["city", "settlement"],
    "facility": ["facility"],
}
TEXT_LIMITS = {
    "surname": 150,
    "given_name": 150,
    "patronymic": 150,
    "occupation": 200,
    "citizenship": 100,
    "sentence": 300,
    "locator": 200,
}


@dataclass
class CheckedRow:
    """One row's values, ready to write, and every error found in it."""

    number: int  # as the spreadsheet numbers it (the header is row 1)
    person: dict = field(default_factory=dict)
    death: dict | None = None
    detention: dict | None = None
    spellings: list[tuple[str, str, str]] = field(default_factory=list)  # name parts
    source: Source | None = None
    locator: str = ""
    errors: list[tuple[str, str]] = field(default_factory=list)


class SheetChecker:
    """Checks rows against the places and sources, each read from the database
    once for the whole sheet."""

    def __init__(self):
        self.places: dict[str, list[Place]] = {}
        for place in Place.objects.all():
            for name in {place.name_en, place.name_kk, place.name_ru} - {""}:
                self.places.setdefault(name.strip().lower(), []).append(place)
        self.sources: dict[str, Source | None] = {}

    def place(self, text: str, kinds: list[str]) -> Place:
        found = [p for p in self.places.get(text.lower(), []) if p.kind in kinds]
        if len(found) != 1:
            raise ValueError(
                _("Unknown place “%(name)s”: use a name from the places list.")
                % {"name": text}
            )
        return found[0]

    def source(self, reference: str) -> Source | None:
        if reference not in self.sources:
            self.sources[reference] = (
                Source.objects.current().filter(reference=reference).first()
            )
        return self.sources[reference]

    def check(self, number: int, cells: dict[str, str]) -> CheckedRow:
        text = {key: str(value or "").strip() for key, value in cells.items()}
        row = CheckedRow(number)

        def error(column: str, message: str) -> None:
            row.errors.append((column, message))

        def choice(column: str, choices, default: str) -> str:
            value = text.get(column, "").lower()
            if value and value not in choices.values:
                error(
                    column,
                    _("“%(value)s” is not one of: %(allowed)s")
                    % {"value": text[column], "allowed": ", ".join(choices.values)},
                )
            return value if value in choices.values else default

        def place(column: str) -> Place | None:
            if not text.get(column):
                return None
            try:
                return self.place(text[column], PLACE_KINDS[column])
            except ValueError as problem:
                error(column, str(problem))
                return None

        def day(column: str) -> date | None:
            if not text.get(column):
                return None
            try:
                return date.fromisoformat(text[column])
            except ValueError:
                error(
                    column,
                    _("“%(value)s” is not a date like 2022-01-05.")
                    % {"value": text[column]},
                )
                return None

        if text.get("id"):
            error("id", _("Leave the id empty: this import adds new people."))
        if not (text.get("surname") or text.get("given_name")):
            error("surname", _("Give at least a surname or a given name."))
        for column, limit in TEXT_LIMITS.items():
            if len(text.get(column, "")) > limit:
                error(column, _("At most %(limit)d characters.") % {"limit": limit})
        year = text.get("birth_year", "")
        if year and not (year.isdigit() and 1900 <= int(year) <= 2022):
            error("birth_year", _("A year between 1900 and 2022."))
        age = text.get("age_at_events", "")
        if age and not (age.isdigit() and int(age) <= 120):
            error("age_at_events", _("An age in years, from 0 to 120."))
        region, settlement = place("region"), place("settlement")
        row.person = {
            "surname": text.get("surname", ""),
            "given_name": text.get("given_name", ""),
            "patronymic": text.get("patronymic", ""),
            "sex": choice("sex", Person.Sex, Person.Sex.UNKNOWN),
            "role": choice("role", Person.Role, Person.Role.UNKNOWN),
            "birth_date": date(int(year), 1, 1) if year.isdigit() else None,
            "age_at_events": int(age) if age.isdigit() else None,
            "residence_region_id": region.pk if region else None,
            "residence_settlement_id": settlement.pk if settlement else None,
            "occupation": text.get("occupation", ""),
            "citizenship": text.get("citizenship", ""),
        }
        if any(text.get(column) for column in DEATH_COLUMNS):
            death_place = place("death_place")
            row.death = {
                "occurred_on": day("death_date"),
                "place_id": death_place.pk if death_place else None,
                "cause": choice("death_cause", Cause, Cause.UNKNOWN),
                "on_official_list": choice("on_official_list", Answer, Answer.UNKNOWN),
            }
        if any(text.get(column) for column in DETENTION_COLUMNS):
            arrest_place, facility = place("detention_place"), place("facility")
            row.detention = {
                "occurred_on": day("detained_on"),
                "place_id": arrest_place.pk if arrest_place else None,
                "facility_id": facility.pk if facility else None,
                "charges": [
                    c.strip() for c in text.get("charges", "").split(",") if c.strip()
                ],
                "outcome": choice("outcome", Outcome, Outcome.UNKNOWN),
                "sentence": text.get("sentence", ""),
            }
        row.spellings = [
            _name_parts(s)
            for s in text.get("other_spellings", "").split(";")
            if s.strip()
        ]
        row.source = self.source(text.get("source", ""))
        if row.source is None:
            error(
                "source",
                _("Give the reference of this row's source (unknown: “%(ref)s”).")
                % {"ref": text.get("source", "")},
            )
        row.locator = text.get("locator", "")
        return row


@transaction.atomic
def receive_person_sheet(
    *, content: bytes, filename: str, reason: str, user
) -> PersonImport:
    """Keep the sheet and queue its import (victims.tasks); TableError if it does
    not read as a sheet."""
    table = read_table(content, filename, max_bytes=settings.LIST_IMPORT_MAX_BYTES)
    person_import = PersonImport(
        reason=reason, rows_total=len(table.rows), created_by=user
    )
    person_import.keep(content, filename)
    from ..tasks import import_person_sheet

    after_commit(import_person_sheet, person_import.pk)
    return person_import


def import_person_sheet(person_import_id: int) -> int:
    """Check every row, then write them all, or nothing if any row has an error.
    Idempotent: an import already finished writes nothing. Returns the people
    created."""
    started = time.monotonic()
    with transaction.atomic():
        person_import = (
            PersonImport.objects.select_for_update()
            .select_related("created_by")
            .get(pk=person_import_id)
        )
        if not person_import.running:
            return 0
        table = read_table(
            person_import.content(),
            person_import.filename,
            max_bytes=settings.LIST_IMPORT_MAX_BYTES,
        )
        rows = _checked(table, person_import)
        errors = [
            {"row": row.number, "column": column, "message": message}
            for row in rows
            for column, message in row.errors
        ][:MAX_ERRORS]
        if not errors:
            context = {
                "user": person_import.created_by_id,
                "reason": f"spreadsheet import: {person_import.reason}",
            }
            try:
                with (
                    pghistory.context(**context),
                    refuse_widening(by=person_import.created_by) as watch,
                ):
                    person_import.people_created = _write(rows, person_import, watch)
            except WideningRefused as refused:
                errors = [file_error(message) for message in refused.messages]
        person_import.seconds = round(time.monotonic() - started, 2)
        person_import.finish(errors)
    return person_import.people_created


def _checked(table: Table, person_import: PersonImport) -> list[CheckedRow]:
    checker = SheetChecker()
    rows = []
    for index, cells in enumerate(table.rows):
        cells_by_column = dict(zip(table.headers, cells, strict=True))
        rows.append(checker.check(index + 2, cells_by_column))
        if index % BATCH == 0:
            person_import.report_progress("checking", index)
    return rows


def _write(rows: list[CheckedRow], person_import: PersonImport, watch: Watch) -> int:
    types = {
        model: ContentType.objects.get_for_model(model).pk
        for model in (Person, Death, Detention)
    }
    for start in range(0, len(rows), BATCH):
        people = _write_batch(rows[start : start + BATCH], types)
        watch.add(Person.objects.filter(pk__in=people))
        person_import.report_progress("writing", start + BATCH)
    return len(rows)


def _write_batch(rows: list[CheckedRow], types: dict) -> list[int]:
    """Writes the rows; returns the people's ids."""
    now = timezone.now()
    made = {"created_at": now, "updated_at": now}
    ids = allocate_ids(Person, len(rows))
    insert_records(
        Person,
        (
            {
                "id": pk,
                **row.person,
                "birth_precision": "year",
                "uuid": uuid.uuid4(),
                **made,
            }
            for pk, row in zip(ids, rows, strict=True)
        ),
    )
    insert_records(NameVariant, _spellings(ids, rows))
    citations = [(types[Person], pk, row) for pk, row in zip(ids, rows, strict=True)]
    for model, attribute in ((Death, "death"), (Detention, "detention")):
        owners = [
            (pk, row)
            for pk, row in zip(ids, rows, strict=True)
            if getattr(row, attribute)
        ]
        event_ids = allocate_ids(model, len(owners))
        insert_records(
            model,
            (
                {
                    "id": event_id,
                    "person_id": pk,
                    **getattr(row, attribute),
                    "uuid": uuid.uuid4(),
                    **made,
                }
                for event_id, (pk, row) in zip(event_ids, owners, strict=True)
            ),
        )
        citations += [
            (types[model], event_id, row)
            for event_id, (_pk, row) in zip(event_ids, owners, strict=True)
        ]
    insert_records(
        Citation,
        (
            {
                "content_type_id": content_type,
                "object_id": object_id,
                "source_id": row.source.pk,
                "locator": row.locator,
                "created_at": now,
            }
            for content_type, object_id, row in citations
        ),
    )
    return ids


def _spellings(ids: list[int], rows: list[CheckedRow]):
    """The recorded name (primary, as Person.sync_names keeps it) and every other
    spelling of each row, with its search keys."""
    for pk, row in zip(ids, rows, strict=True):
        parts = (row.person["surname"], row.person["given_name"])
        parts += (row.person["patronymic"],)
        yield _spelling(pk, parts, primary=True, source=None)
        for parts in row.spellings:
            yield _spelling(pk, parts, primary=False, source=row.source)


def _name_parts(spelling: str) -> tuple[str, str, str]:
    """ "Sarsenbayev Alibek" -> ("Sarsenbayev", "Alibek", ""): surname first, as
    lists write names; the rest after the given name is the patronymic."""
    surname, _blank, rest = spelling.strip().partition(" ")
    given_name, _blank, patronymic = rest.partition(" ")
    return surname, given_name, patronymic


def spelling_script(parts: tuple[str, str, str]) -> str:
    return guess_script(" ".join(part for part in parts if part))


def _spelling(pk: int, parts: tuple, *, primary: bool, source) -> dict:
    return {
        "person_id": pk,
        "is_primary": primary,
        "script": spelling_script(parts),
        "source_id": source.pk if source else None,
        "surname": parts[0],
        "given_name": parts[1],
        "patronymic": parts[2],
        **name_keys(*parts),
    }
