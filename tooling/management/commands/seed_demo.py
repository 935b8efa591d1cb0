import time

from django.core.management.base import CommandError

from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.loading import create_demo_records
from victims.models import Person

BATCH = 5000


class Command(FictionalPeopleCommand):
    """Create fictional people with Kazakh and Russian names and realistic events,
    the same ones for the same --seed. Marked fictional in the data and on pages."""

    people_default = 1000
    people_range = (1, 5_000_000)
    seed_default = 2022

    def handle(self, *args, people: int, seed: int, **options) -> None:
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
