"""PostgreSQL and Redis stopped and started again under a running site and worker:
nothing is lost, and nothing needs restarting but the server itself."""

from urllib.parse import quote

import pytest
from django.db import connection
from django.test import Client

from archive.health import queue_depth
from submissions.models import Submission
from submissions.tasks import process_submission
from tests.drills.servers import embedded_postgres
from tests.drills.servers import embedded_redis
from tests.drills.servers import status_of
from tests.drills.servers import stopped
from tests.drills.servers import web_process
from tests.drills.servers import worker_process
from tests.factories import PublicPersonFactory
from tests.factories import partner_token
from tests.submissions.test_submissions import form
from tests.submissions.test_submissions import send
from tests.submissions.test_worker import broker_unreachable
from tests.submissions.test_worker import processed

pytestmark = [
    pytest.mark.worker,
    pytest.mark.usefixtures("reference_data", "fresh_rate_limits", "emptied_queue"),
]


def stored_while_broker_is_away() -> Submission:
    with broker_unreachable():
        send(Client())
    return Submission.objects.latest("received_at")


def test_site_and_worker_recover_from_a_postgresql_restart(settings, tmp_path):
    server = embedded_postgres()
    settings.MEDIA_ROOT = tmp_path / "media"
    person = PublicPersonFactory(naming="full")
    before = stored_while_broker_is_away()

    with web_process(tmp_path) as site, worker_process(tmp_path):
        search = f"{site}/en/search/?q={quote(person.surname)}"
        assert status_of(search) == 200
        process_submission.delay(before.pk)
        processed(before.pk)

        with stopped(server):
            assert status_of(f"{site}/en/") == 200  # needs no database

        connection.close()  # this test's own connection died with the server
        assert status_of(search) == 200  # the next request after it is back
        after = stored_while_broker_is_away()
        process_submission.delay(after.pk)
        assert processed(after.pk).processed_at  # and the worker's next task


def test_with_redis_stopped_submissions_are_stored_and_processed_once_it_is_back(
    tmp_path, settings
):
    server = embedded_redis()
    settings.MEDIA_ROOT = tmp_path / "media"
    PublicPersonFactory(naming="full")
    token = partner_token("submit")
    partner = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    visitor = Client(raise_request_exception=False)

    with stopped(server):
        web = visitor.post("/en/submit/", form(surname="Жақсылықов"))
        api = partner.post(
            "/api/v1/submissions/",
            {**form(surname="Сейітов"), "happened": ["killed"]},
            content_type="application/json",
        )
        reads = [
            visitor.get(path).status_code
            for path in ("/en/search/?q=Tokayev", "/en/statistics/", "/api/v1/persons/")
        ]

    assert web.status_code == 200 and "Your receipt code" in web.text
    assert api.status_code == 201 and api.json()["receipt"]
    assert reads == [200, 200, 200]
    waiting = list(Submission.objects.unprocessed().values_list("pk", flat=True))
    assert len(waiting) == 2
    with worker_process(tmp_path):
        from submissions.tasks import queue_unprocessed

        assert queue_unprocessed(waited_seconds=0) == 2  # beat's next minute
        for pk in waiting:
            processed(pk)


def test_tasks_queued_before_a_redis_restart_are_not_lost(tmp_path, settings):
    server = embedded_redis()
    settings.MEDIA_ROOT = tmp_path / "media"
    waiting = [stored_while_broker_is_away().pk for _ in range(3)]
    for pk in waiting:
        process_submission.delay(pk)  # no worker yet: they wait in Redis
    assert queue_depth() == 3

    with stopped(server):
        pass  # a clean restart: Redis writes its append-only file, then reads it

    assert queue_depth() == 3
    with worker_process(tmp_path):
        for pk in waiting:
            processed(pk)
