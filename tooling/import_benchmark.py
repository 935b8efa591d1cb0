"""The shape both import benchmarks share: a fictional file imported a few times,
each run inside a transaction rolled back afterwards, reported in rows a second."""

import statistics

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import transaction

from tooling.commands import DocumentedCommand


class ImportBenchmark(DocumentedCommand):
    """Subclasses give `fictional_file(rows, seed)` and `import_once(content, rows,
    user)`, which returns the seconds the import took; their docstring is their
    help."""

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rows", type=int, default=10000)
        parser.add_argument("--runs", type=int, default=3)
        parser.add_argument("--seed", type=int, default=2022)

    def handle(self, *args, rows: int, runs: int, seed: int, **options) -> None:
        if not 1 <= rows <= 1_000_000:
            raise CommandError("--rows must be between 1 and 1,000,000.")
        content = self.fictional_file(rows, seed)
        rates = []
        for run in range(runs):
            with transaction.atomic():
                user = get_user_model().objects.create(username="benchmark")
                rates.append(rows / self.import_once(content, rows, user))
                transaction.set_rollback(True)
            self.stdout.write(f"  run {run + 1}: {rates[-1]:,.0f} rows/s")
        self.stdout.write(
            f"{rows:,} rows ({len(content) / 2**20:.1f} MB CSV), {runs} runs: "
            f"median {statistics.median(rates):,.0f} rows/s "
            f"(best {max(rates):,.0f}, worst {min(rates):,.0f})"
        )

    def fictional_file(self, rows: int, seed: int) -> bytes:
        raise NotImplementedError

    def import_once(self, content: bytes, rows: int, user) -> float:
        raise NotImplementedError
