import csv
import io
import time

from django.core.files.base import ContentFile
from django.core.management.base import CommandError

from sources.models import Source
from tooling.fictional import generate
from tooling.import_benchmark import ImportBenchmark
from victims.actions.person_sheets import import_person_sheet
from victims.models import Person
from victims.models import PersonImport

HEADERS = [
    "id", "surname", "given_name", "patronymic", "sex", "birth_year", "role",
    "region", "settlement", "other_spellings", "death_date", "death_place",
    "death_cause", "on_official_list", "detained_on", "detention_place", "facility",
    "charges", "outcome", "sentence", "source", "locator",
]  # fmt: skip
SOURCE = "fictional-benchmark-sheet"


def fictional_sheet(rows: int, seed: int) -> bytes:
    """A CSV of `rows` fictional people in the columns of the person export, each
    with the death or detention the generator gave them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, HEADERS)
    writer.writeheader()
    for number, person in enumerate(generate(rows, seed), start=1):
        death, detention = person.death or {}, person.detention or {}
        writer.writerow(
            {
                "surname": person.surname,
                "given_name": person.given_name,
                "patronymic": person.patronymic,
                "sex": person.sex,
                "birth_year": person.birth_year,
                "role": person.role,
                "region": person.region,
                "other_spellings": "; ".join(
                    " ".join(part for part in parts if part)
                    for _script, *parts in person.spellings
                ),
                "death_date": death.get("occurred_on", ""),
                "death_place": death.get("place", ""),
                "death_cause": death.get("cause", ""),
                "detained_on": detention.get("occurred_on", ""),
                "detention_place": detention.get("place", ""),
                "charges": ", ".join(detention.get("charges", [])),
                "outcome": detention.get("outcome", ""),
                "source": SOURCE,
                "locator": f"row {number}",
            }
        )
    return out.getvalue().encode()


class Command(ImportBenchmark):
    """Measure the background import of a staff sheet of people: rows a second,
    with history, spellings, events and citations written, over a fictional sheet
    imported inside a transaction rolled back afterwards."""

    def fictional_file(self, rows: int, seed: int) -> bytes:
        return fictional_sheet(rows, seed)

    def import_once(self, content: bytes, rows: int, user) -> float:
        Source.objects.create(
            reference=SOURCE,
            kind=Source.Kind.LIST,
            title="Fictional benchmark sheet: generated people, not real victims",
            language="kk",
        )
        person_import = PersonImport(
            filename="people.csv", sha256="-", reason="benchmark", created_by=user
        )
        person_import.file.save("benchmark-people.csv", ContentFile(content))
        started = time.perf_counter()
        written = import_person_sheet(person_import.pk)
        seconds = time.perf_counter() - started
        # The rows are rolled back; so is the file.
        person_import.file.delete(save=False)
        if written != rows or Person.objects.count() < rows:
            person_import.refresh_from_db()
            raise CommandError(
                f"{written} people written of {rows}: {person_import.errors[:5]}"
            )
        return seconds
