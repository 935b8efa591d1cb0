import csv
import io
import statistics
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from sources.actions import import_list_rows, receive_list_file
from sources.models import Organisation, VictimList
from tooling.fictional import generate

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


class Command(BaseCommand):
    help = (
        "Measure the import of a victim list: rows written a second, over a "
        "fictional list imported inside a transaction rolled back afterwards."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10000)
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, rows: int, runs: int, seed: int, **options) -> None:
        if not 1 <= rows <= 1_000_000:
            raise CommandError("--rows must be between 1 and 1,000,000.")
        content = fictional_list(rows, seed)
        rates = []
        for run in range(runs):
            with transaction.atomic():
                rates.append(self._import(content, rows, run))
                transaction.set_rollback(True)
        self.stdout.write(
            f"{rows:,} rows ({len(content) / 2**20:.1f} MB CSV), {runs} runs: "
            f"median {statistics.median(rates):,.0f} rows/s "
            f"(best {max(rates):,.0f}, worst {min(rates):,.0f})"
        )

    def _import(self, content: bytes, rows: int, run: int) -> float:
        user = get_user_model().objects.create(username=f"benchmark-{run}")
        victim_list = VictimList.objects.create(
            reference=f"fictional-benchmark-list-{run}",
            title="Fictional benchmark list: generated names, not real victims",
            language="kk",
            compiled_by=Organisation.objects.create(name=f"Fictional compiler {run}"),
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
        list_import.file.delete(save=False)  # the rows are rolled back; so is the file
        if written != rows:
            raise CommandError(f"{written} rows written of {rows}")
        self.stdout.write(f"  run {run + 1}: {rows / seconds:,.0f} rows/s")
        return rows / seconds
