from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from archive.celery import app as celery_app
from archive.tasks import last_heartbeat
from archive.tasks import record_heartbeat
from submissions.models import Submission
from tests.submissions.test_submissions import send
from tests.waiting import HUNG_AFTER_SECONDS

pytestmark = pytest.mark.django_db


def test_healthz_reports_the_database_and_the_broker(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["database"] is True
    assert body["broker"] is True
    assert body["status"] == "ok"


@pytest.mark.worker
def test_healthz_sees_a_running_worker(client, celery_worker):
    body = client.get("/healthz").json()

    assert body["worker"] is True
    assert body["workers"]


def test_healthz_is_503_when_the_broker_is_down(client, monkeypatch):
    monkeypatch.setattr(celery_app.conf, "broker_url", "redis://127.0.0.1:1/0")

    response = client.get("/healthz")
    live = client.get("/livez")

    assert response.status_code == live.status_code == 503
    assert response["Retry-After"] == live["Retry-After"] == "60"
    assert response.json()["broker"] is False
    assert response.json()["worker"] is False
    assert response.json()["status"] == "unavailable"


def test_livez_answers_200_without_retry_after_when_all_is_up(client):
    response = client.get("/livez")

    assert response.status_code == 200
    assert not response.has_header("Retry-After")


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.worker
def test_a_task_goes_through_redis_to_a_real_worker_and_back(celery_worker):
    result = record_heartbeat.delay()

    stamp = result.get(timeout=HUNG_AFTER_SECONDS)

    assert last_heartbeat().isoformat() == stamp


def test_heartbeat_task_called_directly_records_the_time():
    stamp = record_heartbeat()

    assert last_heartbeat().isoformat() == stamp


def test_healthz_reports_the_backlog_and_a_fresh_archive_is_ok(client, settings):
    settings.HEALTH_BACKUP_HOURS = 0

    body = client.get("/healthz").json()

    assert isinstance(body["queue_depth"], int)
    assert body["oldest_waiting"] == {"submissions": None}
    assert body["problems"] == []


def test_a_submission_waiting_too_long_makes_healthz_503_but_not_livez(
    client, settings, fresh_rate_limits
):
    settings.HEALTH_BACKUP_HOURS = 0
    send(Client())
    Submission.objects.update(received_at=timezone.now() - timedelta(hours=2))

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["problems"] == ["submissions waiting longer than 30 minutes"]
    assert client.get("/livez").status_code == 200


def test_healthz_is_503_without_a_recent_backup(client, settings, tmp_path):
    settings.HEALTH_BACKUP_HOURS = 26
    settings.BACKUP_DIR = tmp_path

    assert client.get("/healthz").json()["problems"] == [
        "no backup in the last 26 hours"
    ]
    (tmp_path / "qantar-20261130T000000000000Z.backup").write_bytes(b"x")
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["last_backup"]


def test_healthz_is_503_when_the_queue_is_too_deep(client, settings):
    settings.HEALTH_BACKUP_HOURS = 0
    settings.HEALTH_QUEUE_LIMIT = 2
    for _ in range(3):
        record_heartbeat.delay()  # no worker here: they wait in the queue
    try:
        body = client.get("/healthz").json()
    finally:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge(celery_app.conf.task_default_queue)

    assert body["queue_depth"] >= 3
    assert body["problems"] == ["queue deeper than 2"]
