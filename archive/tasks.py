"""Operational tasks: the scheduler's heartbeat, which /healthz reports, and the
purge of old partner-token usage logs."""

from datetime import datetime

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

HEARTBEAT_CACHE_KEY = "health:last-heartbeat"


@shared_task(ignore_result=False)
def record_heartbeat() -> str:
    """Store the time a worker ran this task; beat schedules it every minute.

    A recent heartbeat shows the whole chain works: beat enqueues, Redis delivers,
    a worker runs. Idempotent: running it again only moves the time forward.
    """
    now = timezone.now().isoformat()
    cache.set(HEARTBEAT_CACHE_KEY, now, timeout=None)
    return now


def last_heartbeat() -> datetime | None:
    """When a worker last ran `record_heartbeat`, or None if never."""
    value = cache.get(HEARTBEAT_CACHE_KEY)
    return datetime.fromisoformat(value) if value else None


@shared_task(ignore_result=True)
def purge_token_uses() -> int:
    """Drop usage-log lines older than PARTNER_TOKEN_LOG_DAYS (daily, by beat)."""
    from .actions import purge_token_uses as purge

    return purge(older_than_days=settings.PARTNER_TOKEN_LOG_DAYS)
