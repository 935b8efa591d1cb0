"""Liveness of the parts the archive needs: database, broker, a Celery worker."""

from dataclasses import asdict, dataclass

from django.db import DatabaseError, connection
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .celery import app as celery_app
from .tasks import last_heartbeat

WORKER_PING_TIMEOUT = 1.0


@dataclass(frozen=True)
class Health:
    database: bool
    broker: bool
    workers: list[str]
    last_heartbeat: str | None

    @property
    def ok(self) -> bool:
        """The site can serve and accept work; workers may lag behind."""
        return self.database and self.broker

    def as_dict(self) -> dict:
        data = asdict(self)
        data["worker"] = bool(self.workers)
        data["status"] = "ok" if self.ok else "unavailable"
        return data


def database_is_up() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def broker_is_up() -> bool:
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=1)
        return True
    except (BrokerError, OSError, RedisError):
        return False


def answering_workers() -> list[str]:
    replies = celery_app.control.ping(timeout=WORKER_PING_TIMEOUT)
    return sorted(name for reply in replies for name in reply)


def check() -> Health:
    database = database_is_up()
    broker = broker_is_up()
    workers = answering_workers() if broker else []
    try:
        heartbeat = last_heartbeat() if broker else None
    except RedisError:
        heartbeat = None
    return Health(
        database=database,
        broker=broker,
        workers=workers,
        last_heartbeat=heartbeat.isoformat() if heartbeat else None,
    )
