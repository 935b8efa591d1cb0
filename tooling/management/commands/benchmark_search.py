import statistics
import time
from functools import reduce
from operator import and_

from django.core.management.base import CommandError
from django.db.models import Q
from django.test import Client

from archive.visibility import Visibility
from tooling.commands import FictionalPeopleCommand
from tooling.evaluation import cases
from tooling.fictional import generate
from tooling.loading import load_population
from victims.models import NameVariant
from victims.models import Person


def timed(function, items) -> list[float]:
    durations = []
    for item in items:
        started = time.perf_counter()
        function(item)
        durations.append(time.perf_counter() - started)
    return durations


def summary(durations: list[float]) -> str:
    ordered = sorted(durations)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return (
        f"median {statistics.median(ordered) * 1000:7.1f} ms   p95 {p95 * 1000:7.1f} ms"
    )


class Command(FictionalPeopleCommand):
    """Benchmark name search at national scale: loads fictional people once (in the
    database it is given), then prints median and p95 latency of the search query,
    the whole search page, and a naive icontains scan for comparison."""

    people_default = 1_000_000

    def add_options(self, parser) -> None:
        parser.add_argument("--per-form", type=int, default=20)
        parser.add_argument("--naive", type=int, default=20, help="naive scans to time")

    def handle(self, *args, people: int, seed: int, per_form: int, naive: int, **opts):
        population = generate(people, seed)
        load_population(population, self.stdout.write)
        evaluation = cases(population, per_form=per_form, seed=seed)
        queries = [case.query for case in evaluation]
        everyone = Person.objects.visible_at(Visibility.PUBLIC)

        def search(query: str) -> None:
            Person.objects.search(query, Visibility.PUBLIC)

        client = Client()

        def page(query: str) -> None:
            if client.get("/en/search/", {"q": query}).status_code != 200:
                raise CommandError(f"the search page failed for {query!r}")

        def scan(query: str) -> None:
            words = query.replace(".", " ").split()
            condition = reduce(
                and_,
                (
                    Q(surname__icontains=w)
                    | Q(given_name__icontains=w)
                    | Q(patronymic__icontains=w)
                    for w in words
                ),
            )
            list(everyone.filter(condition)[:50])

        timed(search, queries)  # warm the caches once
        # Searches and naive scans in alternation, so that both meet the same
        # moments of a shared machine (its speed drifts by a third within minutes).
        scanned = queries[:: max(1, len(queries) // naive)][:naive]
        size = -(-len(queries) // len(scanned))
        query_times, naive_times = [], []
        chunks = range(0, len(queries), size)  # never more than scans; all queries
        for start, scan_query in zip(chunks, scanned, strict=False):
            query_times += timed(search, queries[start : start + size])
            naive_times += timed(scan, [scan_query])
        page_times = timed(page, queries)
        ratio = statistics.median(naive_times) / statistics.median(query_times)
        variants = NameVariant.objects.count()
        self.stdout.write(
            f"\n{Person.objects.count():,} people, {variants:,} name variants; "
            f"{len(queries)} queries in {len(queries) // per_form} forms"
        )
        self.stdout.write(f"search query      {summary(query_times)}")
        self.stdout.write(f"search page       {summary(page_times)}")
        self.stdout.write(
            f"naive icontains   {summary(naive_times)}  ({len(naive_times)} queries)"
        )
        self.stdout.write(f"naive / search    {ratio:.0f}x (medians)")
        self.stdout.write("\nsearch query by form")
        for form in dict.fromkeys(case.form for case in evaluation):
            times = [
                t
                for t, c in zip(query_times, evaluation, strict=True)
                if c.form == form
            ]
            self.stdout.write(f"  {form:<22} {summary(times)}")
