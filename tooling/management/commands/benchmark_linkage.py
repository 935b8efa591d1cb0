import random
import time

from django.core.management.base import CommandError
from django.db import transaction

from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.fictional_lists import SHAPES
from tooling.fictional_lists import fictional_user
from tooling.fictional_lists import import_fictional_list
from tooling.fictional_lists import list_csv
from tooling.loading import load_population
from victims.actions.linkage import link_list


class Command(FictionalPeopleCommand):
    """Time the import of a fictional list of --entries rows and its linkage against
    --people fictional people. The people are written once, committed, in the
    database given (reused by later runs); the list, its entries and every decision
    are rolled back."""

    seed_default = 2022

    def add_options(self, parser) -> None:
        parser.add_argument("--entries", type=int, default=10_000)

    def handle(self, *args, people: int, entries: int, seed: int, **options):
        if not 1 <= entries <= people <= 1_000_000:
            raise CommandError("Need 1 <= --entries <= --people <= 1,000,000.")
        rng = random.Random(seed)  # noqa: S311 (fictional data)
        # Detention lists are linked to the detained: everyone in the archive is.
        generated = [p for p in generate(int(people * 1.2), seed) if p.detention]
        archive = generated[:people]
        load_population(archive, self.stdout.write)
        shape = SHAPES[-1]
        content = list_csv(shape, rng.sample(archive, entries), rng)
        with transaction.atomic():
            user = fictional_user("linkage-benchmark")
            started = time.monotonic()
            victim_list = import_fictional_list(
                shape, content, user=user, reference="bench-linkage"
            )
            imported = time.monotonic() - started
            started = time.monotonic()
            outcome = link_list(victim_list, by=user)
            linked = time.monotonic() - started
            transaction.set_rollback(True)
        self.stdout.write(
            f"import: {entries:,} entries in {imported:.1f} s "
            f"({entries / imported:,.0f} entries/s)\n"
            f"linkage: {entries:,} entries against {len(archive):,} people in "
            f"{linked:.1f} s ({outcome.linked:,} linked automatically, "
            f"{outcome.review:,} to review, {outcome.new:,} proposed new)"
        )
