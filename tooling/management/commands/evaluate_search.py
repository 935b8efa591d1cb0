import time
from collections import defaultdict

from django.db import transaction

from archive.visibility import Visibility
from tooling.commands import FictionalPeopleCommand
from tooling.evaluation import FORMS
from tooling.evaluation import cases
from tooling.evaluation import indistinguishable
from tooling.fictional import generate
from tooling.loading import create_demo_records
from victims.models import Person

BATCH = 5000


class Command(FictionalPeopleCommand):
    """Measure name search: recall@1 and recall@5 per spelling form, over fictional
    people created inside a transaction that is rolled back afterwards."""

    people_default = 12000
    people_range = (100, 1_000_000)
    seed_default = 31337

    def add_options(self, parser) -> None:
        parser.add_argument("--per-form", type=int, default=60)
        parser.add_argument("--show-misses", action="store_true")

    def handle(self, *args, people: int, per_form: int, seed: int, **options) -> None:
        self.show_misses = options["show_misses"]
        population = generate(people, seed)
        with transaction.atomic():
            started = time.monotonic()
            for start in range(0, people, BATCH):
                create_demo_records(population[start : start + BATCH])
            seconds = time.monotonic() - started
            self.stdout.write(
                f"{people:,} fictional people loaded in {seconds:.0f} s (rolled back "
                f"at the end); {per_form} queries per form, "
                f"{per_form * len(FORMS)} in all."
            )
            self._report(cases(population, per_form=per_form, seed=seed))
            transaction.set_rollback(True)

    def _report(self, evaluation) -> None:
        everyone = Person.objects
        counts = defaultdict(lambda: [0, 0, 0, 0])  # n, strict@1, @1, @5
        latencies = []
        for case in evaluation:
            started = time.perf_counter()
            hits = everyone.search(case.query, Visibility.STAFF, limit=5)
            latencies.append(time.perf_counter() - started)
            ranks = [
                hit.person.uuid == case.person.uuid
                or indistinguishable(
                    case,
                    hit.person.surname,
                    hit.person.given_name,
                    hit.person.patronymic,
                )
                for hit in hits
            ]
            row = counts[case.form]
            row[0] += 1
            row[1] += bool(hits) and hits[0].person.uuid == case.person.uuid
            row[2] += bool(ranks) and ranks[0]
            row[3] += any(ranks)
            if self.show_misses and not (ranks and ranks[0]):
                top = [hit.person.full_name for hit in hits[:3]]
                self.stdout.write(f"miss [{case.form}] {case.query!r} -> {top}")
        self._table(counts, sorted(latencies))

    def _table(self, counts, latencies) -> None:
        line = "{:<24} {:>5} {:>10} {:>10} {:>10}"
        self.stdout.write(line.format("form", "n", "strict@1", "recall@1", "recall@5"))
        total = [0, 0, 0, 0]
        for form in FORMS:
            n, strict, at1, at5 = counts[form]
            total = [a + b for a, b in zip(total, counts[form], strict=True)]
            self.stdout.write(
                line.format(
                    form, n, f"{strict / n:.3f}", f"{at1 / n:.3f}", f"{at5 / n:.3f}"
                )
            )
        n, strict, at1, at5 = total
        self.stdout.write(
            line.format(
                "overall", n, f"{strict / n:.3f}", f"{at1 / n:.3f}", f"{at5 / n:.3f}"
            )
        )
        median = latencies[len(latencies) // 2] * 1000
        p95 = latencies[int(len(latencies) * 0.95)] * 1000
        self.stdout.write(f"\nsearch query: median {median:.1f} ms, p95 {p95:.1f} ms")
        met = at1 / n >= 0.95 and at5 / n >= 0.99
        verdict = "met" if met else "NOT met"
        self.stdout.write(f"target (recall@1 >= 0.95, recall@5 >= 0.99): {verdict}")
