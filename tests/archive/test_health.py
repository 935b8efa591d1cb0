import pytest

from archive.celery import app as celery_app
from archive.tasks import last_heartbeat, record_heartbeat

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

    assert response.status_code == 503
    assert response.json()["broker"] is False
    assert response.json()["worker"] is False
    assert response.json()["status"] == "unavailable"


def test_healthz_only_answers_get(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.worker
def test_a_task_goes_through_redis_to_a_real_worker_and_back(celery_worker):
    result = record_heartbeat.delay()

    stamp = result.get(timeout=10)

    assert last_heartbeat().isoformat() == stamp


def test_heartbeat_task_called_directly_records_the_time():
    stamp = record_heartbeat()

    assert last_heartbeat().isoformat() == stamp
