import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from archive.api import ReadOnlyViewSet
from archive.urls import router
from archive.visibility import Visibility
from tooling.commands import FictionalPeopleCommand
from tooling.fictional import generate
from tooling.loading import load_population
from tooling.servers import wait_until_up
from victims.models import Person

TRIVIAL = "/api/v1/no-such-endpoint/"
EXPORTS = ["/api/v1/persons/export.csv", "/api/v1/persons/export.json"]
TARGETS = (
    "targets (#18): a page of 50 within 2x its bare SQL; /api/v1/persons/ p95 <= "
    "30 ms at 1 client and >= 200 req/s at 8 (100,000 people); ?q= within 2x its "
    "SQL, the search page within 3x; each export of 1,000,000 people <= 60 s"
)


def _list_endpoints() -> list[str]:
    """The API's record lists, as the router registers them (the read-only
    viewsets that page their records; not submissions or releases)."""
    return [
        prefix
        for prefix, viewset, _ in router.registry
        if issubclass(viewset, ReadOnlyViewSet)
    ]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


class Command(FictionalPeopleCommand):
    """The partner API's speed through gunicorn (gunicorn.conf.py, production
    settings) on 127.0.0.1 over --people fictional people: for every list endpoint,
    the name search, the search page and both exports, p50/p95/p99 and requests/s at
    1 and 8 clients, and the ratios to the bare SQL the page runs and to a trivial
    404, measured in alternation. Prints; asserts nothing."""

    def add_options(self, parser) -> None:
        parser.add_argument("--requests", type=int, default=100)
        parser.add_argument("--port", type=int, default=8766)

    def handle(self, *args, people, seed, requests, port, **options) -> None:
        if not 10 <= requests <= 10_000:
            raise CommandError("--requests must be between 10 and 10,000.")
        if Person.objects.filter(is_fictional=True).count() != people:
            load_population(generate(people, seed), self.stdout.write)
        routes = self._routes()
        server = self._start(port)
        try:
            wait_until_up(port)
            self.stdout.write(
                f"{people:,} fictional people; gunicorn (3 workers) on 127.0.0.1; "
                f"{requests} requests a route at 1 client, {requests * 2} at 8"
            )
            trivial = self._latencies(port, TRIVIAL, requests)
            self._header()
            routes.append(("persons p. 1,000", self._deep_page(port)))
            for name, path in routes:
                self._measure(port, name, path, requests, statistics.median(trivial))
            self._row("trivial 404", trivial, requests / sum(trivial) * 1000, None)
            for path in EXPORTS:
                self._export(port, path)
            self.stdout.write(
                f"peak memory of a gunicorn worker: {self._peak_mb(server.pid)} MB"
            )
        finally:
            server.terminate()
            server.wait(timeout=30)
        self.stdout.write(TARGETS)

    def _routes(self) -> list[tuple[str, str]]:
        surname = (
            Person.objects.visible_at(Visibility.PUBLIC)
            .filter(naming="full")
            .exclude(surname="")
            .values_list("surname", flat=True)
            .order_by("pk")
            .first()
        )
        if surname is None:
            raise CommandError("No public, fully named person to search for.")
        query = urllib.parse.quote(surname)
        return [
            *((name, f"/api/v1/{name}/") for name in _list_endpoints()),
            ("persons ?q=", f"/api/v1/persons/?q={query}"),
            ("search page", f"/en/search/?q={query}"),
        ]

    def _deep_page(self, port: int, hops: int = 100) -> str:
        """The path of the 1,000th page of 50 people, reached as a partner would,
        by following `next` (in pages of 500, to get there sooner)."""
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        path = "/api/v1/persons/?page_size=500"
        for _ in range(hops):
            link.request("GET", path)
            following = json.loads(link.getresponse().read())["next"]
            if following is None:
                break
            parts = urllib.parse.urlsplit(following)
            path = f"{parts.path}?{parts.query}"
        parts = urllib.parse.urlsplit(path)
        query = dict(urllib.parse.parse_qsl(parts.query), page_size="50")
        return f"{parts.path}?{urllib.parse.urlencode(query)}"

    def _start(self, port: int) -> subprocess.Popen:
        command = [sys.executable, "-m", "gunicorn", "archive.wsgi:application"]
        command += ["--config", "gunicorn.conf.py", "--bind", f"127.0.0.1:{port}"]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        return subprocess.Popen(command, cwd=settings.BASE_DIR, **quiet)  # noqa: S603

    def _get(self, link: http.client.HTTPConnection, path: str) -> float:
        """One request on a kept-alive connection; its time in ms."""
        started = time.perf_counter()
        link.request("GET", path)
        response = link.getresponse()
        response.read()
        if response.status >= 500:
            raise CommandError(f"{path} answered {response.status}.")
        return (time.perf_counter() - started) * 1000

    def _latencies(self, port: int, path: str, count: int) -> list[float]:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._get(link, path)  # warm: the worker's first answer compiles templates
        return [self._get(link, path) for _ in range(count)]

    def _throughput(self, port: int, path: str, count: int, clients: int) -> float:
        """Requests a second with `clients` asking at once, `count` in all."""

        def ask() -> None:
            link = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
            for _ in range(count // clients):
                self._get(link, path)

        threads = [threading.Thread(target=ask) for _ in range(clients)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return (count // clients) * clients / (time.perf_counter() - started)

    def _bare_sql(self, path: str) -> list[str]:
        """The SQL one answer to `path` runs (in this process, same database)."""
        with CaptureQueriesContext(connection) as captured:
            response = Client().get(path)
        if response.status_code != 200:
            raise CommandError(
                f"{path} answered {response.status_code} in this process: run it "
                "through `make bench-api`, which lifts the per-address limits."
            )
        return [
            query["sql"]
            for query in captured.captured_queries
            if query["sql"].startswith("SELECT")  # not BEGIN, SET or the token log
        ]

    def _sql_ms(self, statements: list[str]) -> float:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
                cursor.fetchall()
        return (time.perf_counter() - started) * 1000

    def _measure(self, port, name, path, requests, trivial_p50) -> None:
        statements = self._bare_sql(path)
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self._get(link, path)
        answers, sql = [], []
        for _ in range(requests):  # in alternation, so that drift hits both
            answers.append(self._get(link, path))
            sql.append(self._sql_ms(statements))
        per_second_1 = requests / sum(answers) * 1000
        per_second_8 = self._throughput(port, path, requests * 2, 8)
        self._row(
            name,
            answers,
            per_second_1,
            per_second_8,
            statistics.median(sql),
            trivial_p50,
        )

    def _header(self) -> None:
        self.stdout.write(
            f"{'route':<16}{'p50':>7}{'p95':>7}{'p99':>7}{'req/s 1':>9}{'req/s 8':>9}"
            f"{'SQL p50':>9}{'x SQL':>7}{'x 404':>7}"
        )

    def _row(self, name, answers, one, eight, sql=None, trivial=None) -> None:
        p50 = statistics.median(answers)
        columns = [
            f"{name:<16}",
            f"{p50:>7.1f}",
            f"{_percentile(answers, 0.95):>7.1f}",
            f"{_percentile(answers, 0.99):>7.1f}",
            f"{one:>9.0f}",
            f"{eight:>9.0f}" if eight else f"{'':>9}",
            f"{sql:>9.1f}" if sql else f"{'':>9}",
            f"{p50 / sql:>6.1f}x" if sql else f"{'':>7}",
            f"{p50 / trivial:>6.1f}x" if trivial else f"{'':>7}",
        ]
        self.stdout.write("".join(columns))

    def _peak_mb(self, master: int) -> int:
        """The largest peak resident size (VmHWM) among gunicorn's workers (Linux)."""
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        peaks = [0]
        for child in children:
            for line in Path(f"/proc/{child}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    peaks.append(int(line.split()[1]) // 1024)
        return max(peaks)

    def _export(self, port: int, path: str) -> None:
        link = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
        started = time.perf_counter()
        link.request("GET", path)
        response = link.getresponse()
        size, lines = 0, 0
        while chunk := response.read(1 << 20):
            size += len(chunk)
            lines += chunk.count(b"\n")
        took = time.perf_counter() - started
        self.stdout.write(
            f"{path}: {size / 2**20:,.0f} MB, about {lines:,} lines, in {took:.1f} s "
            f"({lines / took:,.0f} lines/s)"
        )
