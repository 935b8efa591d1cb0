import time

from django.core.management.base import BaseCommand
from django.core.management.base import CommandError

from tooling.fictional import generate
from tooling.loading import create_demo_records
from victims.models import Person

BATCH = 5000


class Command(BaseCommand):
    help = (
        "Create fictional people with Kazakh and Russian names and realistic events, "
        "the same ones for the same --seed. Marked fictional in the data and on pages."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--people", type=int, default=1000)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, people: int, seed: int, **options) -> None:
        if not 1 <= people <= 5_000_000:
            raise CommandError("--people must be between 1 and 5,000,000.")
        generated = generate(people, seed)
        if Person.objects.filter(uuid=generated[0].uuid).exists():
            raise CommandError(
                f"Demo people for seed {seed} are already loaded; use another --seed."
            )
        started = time.monotonic()
        for start in range(0, people, BATCH):
            create_demo_records(generated[start : start + BATCH])
            done = min(start + BATCH, people)
            self.stdout.write(f"{done:,} of {people:,} fictional people", ending="\r")
        seconds = time.monotonic() - started
        self.stdout.write(f"\n{people:,} fictional people created in {seconds:.1f} s.")
