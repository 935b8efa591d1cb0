import resource
import tempfile
import time
from pathlib import Path

from reports.actions import preview_release
from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.loading import load_population
from victims.models import Person


class Command(FictionalPeopleCommand):
    """Time a public release's files over --people fictional people (written once,
    committed, in the database given), and its peak memory; nothing is recorded."""

    def handle(self, *args, people: int, seed: int, **options) -> None:
        if Person.objects.filter(is_fictional=True).count() != people:
            # Generated only to load: the peak memory below is the release's own.
            load_population(generate(people, seed), self.stdout.write)
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        with tempfile.TemporaryDirectory() as folder:
            started = time.monotonic()
            rows, _changes = preview_release(Path(folder) / "release")
            took = time.monotonic() - started
            size = sum(p.stat().st_size for p in Path(folder).rglob("*") if p.is_file())
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
        self.stdout.write(
            f"{people:,} fictional people: release of {sum(rows.values()):,} rows "
            f"({size / 2**20:,.0f} MB) in {took:.1f} s "
            f"({sum(rows.values()) / took:,.0f} rows/s); peak memory "
            f"{peak / 1024:,.0f} MB (before writing {before / 1024:,.0f} MB)"
        )
