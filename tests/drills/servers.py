"""The real parts the drills break and mend.

- PostgreSQL and Redis: the embedded servers `make test` starts (tooling.localstack).
  With servers of one's own (DATABASE_URL / REDIS_URL elsewhere) a drill that must
  stop one is skipped, saying why.
- Celery workers and the web server as processes of their own, on the test
  database and the test session's queue, so that they can be killed.
"""

import os
import signal
import socket
import subprocess
import sys
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.db import connection
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

from archive.celery import app as celery_app
from tests.waiting import wait_until
from tooling.localstack import Postgres
from tooling.localstack import Redis

BASE_DIR = Path(__file__).resolve().parents[2]


def embedded_postgres() -> Postgres:
    server = Postgres()
    here = connection.settings_dict
    if str(here["PORT"]) != str(server.port) or not server.is_running():
        pytest.skip(
            "PostgreSQL is not the embedded server `make test` starts (DATABASE_URL "
            "points elsewhere): this drill stops and restarts it"
        )
    return server


def embedded_redis() -> Redis:
    server = Redis()
    if urlsplit(settings.REDIS_URL).port != server.port or not server.is_running():
        pytest.skip(
            "Redis is not the embedded server `make test` starts (REDIS_URL points "
            "elsewhere): this drill stops and restarts it"
        )
    return server


@contextmanager
def stopped(server: Postgres | Redis):
    """`server` stopped for the block, and started again whatever happens."""
    server.stop()
    try:
        yield
    finally:
        server.start()


def test_database_url() -> str:
    here = connection.settings_dict
    return (
        f"postgres://{here['USER']}:{here['PASSWORD'] or ''}@{here['HOST']}:"
        f"{here['PORT']}/{here['NAME']}"
    )


def _environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DATABASE_URL": test_database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "DJANGO_DEBUG": "1",
        "DJANGO_MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "EMAIL_URL": f"filemail:///{tmp_path / 'mail'}",
        **extra,
    }


def answers(worker: str) -> bool:
    """Whether `worker` answers a ping; False too while this process's pooled
    connections to a restarted Redis are being replaced."""
    try:
        return bool(celery_app.control.ping(destination=[worker], timeout=0.5))
    except (OSError, RedisError, OperationalError):
        return False


@contextmanager
def worker_process(tmp_path: Path, **extra_env: str):
    """A Celery worker (solo pool: tasks run in this very process) consuming the
    test session's queue, answering pings before the block starts."""
    name = f"drill-{uuid.uuid4().hex[:8]}@localhost"
    command = [sys.executable, "-m", "celery", "-A", "archive", "worker"]
    command += ["--pool", "solo", "-Q", celery_app.conf.task_default_queue, "-n", name]
    command += ["--without-gossip", "--without-mingle", "--loglevel", "INFO"]
    log = (tmp_path / f"{name}.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        command,
        cwd=BASE_DIR,
        env=_environment(tmp_path, **extra_env),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_until(lambda: answers(name), "the worker answering")
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def free_port() -> int:
    """A port on 127.0.0.1 where nothing listens (yet)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def web_process(tmp_path: Path, *options: str):
    """gunicorn with the production configuration (gunicorn.conf.py) but one worker,
    serving the archive on the test database; yields its base URL."""
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "archive.wsgi:application"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", *options]
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(  # noqa: S603 (this interpreter, fixed arguments)
        command,
        cwd=BASE_DIR,
        env=_environment(tmp_path, DJANGO_ALLOWED_HOSTS="127.0.0.1"),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until(lambda: status_of(f"{base}/livez") == 200, "gunicorn answering")
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def status_of(url: str) -> int | None:
    """The HTTP status of a GET, None when nothing answers."""
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return None
