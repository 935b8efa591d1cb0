import time

from django.core.management.base import CommandError
from django.test import Client
from django.test import override_settings

from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.loading import load_population

from .benchmark_search import summary
from .benchmark_search import timed


class Command(FictionalPeopleCommand):
    """Time the statistics page over --people fictional people (written once,
    committed, in the database given): median and p95, counted afresh (no cache) and
    cached."""

    def add_options(self, parser) -> None:
        parser.add_argument("--uncached", type=int, default=10)
        parser.add_argument("--cached", type=int, default=100)

    def handle(self, *args, people: int, seed: int, uncached: int, cached: int, **opt):
        load_population(generate(people, seed), self.stdout.write)
        client = Client()

        def page(_n) -> None:
            response = client.get("/en/statistics/")
            if response.status_code != 200:
                raise CommandError(
                    f"the statistics page answered {response.status_code}"
                )

        with override_settings(STATISTICS_CACHE_SECONDS=0):  # nothing kept
            fresh = timed(page, range(uncached))
        started = time.monotonic()
        page(0)  # fills the cache
        self.stdout.write(f"first cached fill  {time.monotonic() - started:.2f} s")
        kept = timed(page, range(cached))
        self.stdout.write(
            f"{people:,} fictional people\n"
            f"statistics page, counted afresh  {summary(fresh)}  ({uncached} runs)\n"
            f"statistics page, cached          {summary(kept)}  ({cached} runs)"
        )
