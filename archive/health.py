"""Liveness and backlog of the parts the archive needs: database, broker, Celery
workers, the task queue, waiting work and backups.

`live` (database and broker up) is what a container health check needs; `ok` also
asks that no threshold is passed: the queue no deeper than HEALTH_QUEUE_LIMIT, no
work waiting longer than HEALTH_WAITING_MINUTES, and (when HEALTH_BACKUP_HOURS is
set) a backup younger than that. Apps report their waiting work through
`WAITING_SINCE`, filled from their AppConfig.ready, so this module imports none.
"""

from collections.abc import Callable
from dataclasses import asdict
from dataclasses import dataclass
from dataclasses import field
from datetime import UTC
from datetime import datetime
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import DatabaseError
from django.db import connection
from django.utils import timezone
from kombu.exceptions import ChannelError
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .backups import latest_backup
from .celery import app as celery_app
from .tasks import last_heartbeat

WORKER_PING_TIMEOUT = 1.0

# What each app has waiting for background work: a name, and the time the oldest
# waiting item arrived (None when nothing waits).
WAITING_SINCE: dict[str, Callable[[], datetime | None]] = {}


@dataclass(frozen=True)
class Health:
    database: bool
    broker: bool
    workers: list[str]
    last_heartbeat: str | None
    queue_depth: int | None = None
    oldest_waiting: dict[str, str | None] = field(default_factory=dict)
    last_backup: str | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def live(self) -> bool:
        """The site can serve and accept work; workers may lag behind."""
        return self.database and self.broker

    @property
    def ok(self) -> bool:
        return self.live and not self.problems

    def as_dict(self) -> dict:
        data = asdict(self)
        data["worker"] = bool(self.workers)
        data["status"] = "ok" if self.ok else "degraded" if self.live else "unavailable"
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


def queue_depth() -> int:
    """Tasks waiting in the default queue (0 before any worker declared it)."""
    with celery_app.connection_for_read() as conn:
        try:
            _name, count, _consumers = conn.default_channel.queue_declare(
                queue=celery_app.conf.task_default_queue, passive=True
            )
        except ChannelError:
            return 0
    return count


def check() -> Health:
    """Everything, with a problem named for each threshold passed."""
    database = database_is_up()
    broker = broker_is_up()
    now = timezone.now()
    problems = []
    workers, heartbeat, depth = [], None, None
    if broker:
        try:
            workers = answering_workers()
            heartbeat = last_heartbeat()
            depth = queue_depth()
        except (BrokerError, OSError, RedisError):
            broker = False
    if depth is not None and depth > settings.HEALTH_QUEUE_LIMIT:
        problems.append(f"queue deeper than {settings.HEALTH_QUEUE_LIMIT}")
    waiting = {}
    if database:
        patience = timedelta(minutes=settings.HEALTH_WAITING_MINUTES)
        for name, since in WAITING_SINCE.items():
            oldest = since()
            waiting[name] = oldest.isoformat() if oldest else None
            if oldest and now - oldest > patience:
                problems.append(
                    f"{name} waiting longer than "
                    f"{settings.HEALTH_WAITING_MINUTES} minutes"
                )
    backup = latest_backup(Path(settings.BACKUP_DIR))
    backup_time = (
        datetime.fromtimestamp(backup.stat().st_mtime, tz=UTC) if backup else None
    )
    hours = settings.HEALTH_BACKUP_HOURS
    if hours and (backup_time is None or now - backup_time > timedelta(hours=hours)):
        problems.append(f"no backup in the last {hours} hours")
    return Health(
        database=database,
        broker=broker,
        workers=workers,
        last_heartbeat=heartbeat.isoformat() if heartbeat else None,
        queue_depth=depth,
        oldest_waiting=waiting,
        last_backup=backup_time.isoformat() if backup_time else None,
        problems=problems,
    )
