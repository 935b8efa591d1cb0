import csv
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.utils import translation

from archive.visibility import Visibility
from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.loading import load_population
from tooling.servers import wait_until_up
from victims.models import Person

LOCUSTFILE = Path(__file__).resolve().parents[2] / "load" / "locustfile.py"
# The load comes from one address, so the per-address limits are lifted for it.
UNLIMITED = {
    "SUBMISSION_RATE": "1000000/hour",
    "API_ANONYMOUS_RATE": "1000000/minute",
    "API_PARTNER_RATE": "1000000/minute",
}
TARGETS = {"API list": 30.0, "search page": 100.0}  # p95, ms, at 8 clients


class Command(FictionalPeopleCommand):
    """Bounded load test: gunicorn (gunicorn.conf.py: 3 gthread workers) and a
    Celery worker with the current (production) settings on 127.0.0.1, --people
    fictional people, Locust with --clients for --seconds. Prints requests/s and
    p50/p95/p99 per route, the API list against a trivial view, and fails on any
    5xx."""

    def add_options(self, parser) -> None:
        parser.add_argument("--seconds", type=int, default=60)
        parser.add_argument("--clients", type=int, default=8)
        parser.add_argument("--port", type=int, default=8765)

    def handle(self, *args, people, seed, seconds, clients, port, **options) -> None:
        if not 1 <= seconds <= 3600 or not 1 <= clients <= 256:
            raise CommandError("--seconds must be 1-3600 and --clients 1-256.")
        load_population(generate(people, seed), self.stdout.write)
        with tempfile.TemporaryDirectory() as work:
            targets = Path(work) / "targets.json"
            targets.write_text(json.dumps(self._targets()))
            env = {**os.environ, **UNLIMITED, "LOAD_TARGETS": str(targets)}
            env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1"
            servers = self._start_servers(env, port)
            try:
                wait_until_up(port)
                self.stdout.write(
                    f"{people:,} fictional people; {clients} clients for {seconds} s"
                )
                self._run_locust(env, port, clients, seconds, Path(work) / "load")
            finally:
                for server in servers:
                    server.terminate()
                    server.wait(timeout=30)
            rows = list(csv.DictReader((Path(work) / "load_stats.csv").open()))
        self._report(rows)

    def _targets(self) -> dict:
        public = Person.objects.visible_at(Visibility.PUBLIC).filter(naming="full")
        sample = list(public.order_by("?").values_list("uuid", "surname")[:1000])
        if not sample:
            raise CommandError("No public, fully named people to ask for.")
        with translation.override("en"):
            people = [Person(uuid=uuid).get_absolute_url() for uuid, _ in sample]
        names = [urllib.parse.quote(surname) for _, surname in sample if surname]
        return {"people": people, "names": names}

    def _start_servers(self, env: dict, port: int) -> list[subprocess.Popen]:
        web = [sys.executable, "-m", "gunicorn", "archive.wsgi:application"]
        web += ["--bind", f"127.0.0.1:{port}", "--workers", "3"]
        worker = [sys.executable, "-m", "celery", "-A", "archive", "worker"]
        worker += ["--concurrency", "1", "--loglevel", "WARNING"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        return [
            subprocess.Popen(web, env=env, cwd=settings.BASE_DIR, **quiet),  # noqa: S603
            subprocess.Popen(worker, env=env, cwd=settings.BASE_DIR, **quiet),  # noqa: S603
        ]

    def _run_locust(self, env, port, clients, seconds, prefix: Path) -> None:
        command = [sys.executable, "-m", "locust", "-f", str(LOCUSTFILE)]
        command += ["--headless", "--users", str(clients), "--spawn-rate", str(clients)]
        command += ["--run-time", f"{seconds}s", "--stop-timeout", "10"]
        command += ["--host", f"http://127.0.0.1:{port}", "--csv", str(prefix)]
        command += ["--only-summary", "--loglevel", "WARNING"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        subprocess.run(command, env=env, check=False, **quiet)  # noqa: S603

    def _report(self, rows: list[dict]) -> None:
        by_route = {row["Name"]: row for row in rows}
        self.stdout.write(
            f"{'route':<18}{'requests':>9}{'req/s':>8}{'p50':>7}{'p95':>7}{'p99':>7}"
            f"{'5xx/failed':>11}"
        )
        for row in rows:
            self.stdout.write(
                f"{row['Name']:<18}{row['Request Count']:>9}"
                f"{float(row['Requests/s']):>8.1f}{row['50%']:>7}{row['95%']:>7}"
                f"{row['99%']:>7}{row['Failure Count']:>11}"
            )
        api, trivial = by_route.get("API list"), by_route.get("trivial 404")
        if api and trivial and float(trivial["50%"]):
            ratio = float(api["50%"]) / float(trivial["50%"])
            self.stdout.write(f"API list p50 / trivial 404 p50: {ratio:.1f}x")
        for route, ceiling in TARGETS.items():
            if route in by_route:
                p95 = float(by_route[route]["95%"])
                verdict = "met" if p95 <= ceiling else "NOT met"
                self.stdout.write(f"target {route} p95 <= {ceiling:.0f} ms: {verdict}")
        failed = int(by_route.get("Aggregated", {}).get("Failure Count", 0))
        if failed:
            raise CommandError(
                f"{failed} requests failed (5xx, no answer, or a submission lost)."
            )
        self.stdout.write("0 errors")
