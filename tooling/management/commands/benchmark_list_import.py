import csv
import io
import time

from django.core.management.base import CommandError

from sources.actions import import_list_rows
from sources.actions import receive_list_file
from sources.models import Organisation
from sources.models import VictimList
from tooling.fictional import generate
from tooling.import_benchmark import ImportBenchmark

HEADERS = ["№", "Аты-жөні", "Туған жылы", "Қайтыс болған күні", "Облыс"]
MAPPING = {"name": "Аты-жөні", "birth_year": "Туған жылы"}
MAPPING |= {"event_date": "Қайтыс болған күні", "region": "Облыс"}


def fictional_list(rows: int, seed: int) -> bytes:
    """A CSV of `rows` fictional people, written as a published list would be."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for number, person in enumerate(generate(rows, seed), start=1):
        name = f"{person.surname} {person.given_name} {person.patronymic}"
        writer.writerow([number, name, person.birth_year, "05.01.2022", person.region])
    return out.getvalue().encode()


class Command(ImportBenchmark):
    """Measure the import of a victim list: rows written a second, over a
    fictional list imported inside a transaction rolled back afterwards."""

    def fictional_file(self, rows: int, seed: int) -> bytes:
        return fictional_list(rows, seed)

    def import_once(self, content: bytes, rows: int, user) -> float:
        victim_list = VictimList.objects.create(
            reference="fictional-benchmark-list",
            title="Fictional benchmark list: generated names, not real victims",
            language="kk",
            compiled_by=Organisation.objects.create(name="Fictional compiler"),
            counts=VictimList.Counts.KILLED,
        )
        started = time.perf_counter()
        list_import = receive_list_file(
            victim_list, content=content, filename="list.csv", user=user
        )
        list_import.mapping = MAPPING
        list_import.status = list_import.Status.QUEUED
        list_import.save()
        written = import_list_rows(list_import.pk)
        seconds = time.perf_counter() - started
        # The rows are rolled back; so is the file.
        list_import.file.delete(save=False)
        if written != rows:
            raise CommandError(f"{written} rows written of {rows}")
        return seconds
