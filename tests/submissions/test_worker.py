"""Submissions through a real Celery worker and real Redis, committed to the database
as in production (transactional tests)."""

from contextlib import contextmanager

import pytest
from django.test import Client

from archive.celery import app as celery_app
from sources.models import Citation
from sources.models import Source
from submissions.models import Attachment
from submissions.models import Status
from submissions.models import Submission
from submissions.tasks import queue_unprocessed
from tests.factories import PublicPersonFactory
from tests.factories import sign_in
from tests.submissions.test_submissions import QUEUE
from tests.submissions.test_submissions import jpeg_with_gps
from tests.submissions.test_submissions import send
from tests.waiting import wait_until
from victims.models import NameVariant
from victims.models import Person

pytestmark = pytest.mark.worker


def processed(submission_id: int) -> Submission:
    """The submission once the worker has processed it."""
    return wait_until(
        lambda: Submission.objects.filter(
            pk=submission_id, processed_at__isnull=False
        ).first(),
        f"the worker processing submission {submission_id}",
    )


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app._pool = None  # connections are made again from the setting
    celery_app.amqp._producer_pool = None


@contextmanager
def broker_unreachable():
    """Celery's producer pointed at a port nothing listens on, then back."""
    working = celery_app.conf.broker_url
    _use_broker("redis://127.0.0.1:9/0")
    try:
        yield
    finally:
        _use_broker(working)


@pytest.fixture
def moderator(reference_data) -> Client:
    from tests.factories import UserFactory

    client = Client()
    sign_in(client, UserFactory(role="moderator", email="moderator@example.org"))
    return client


def test_a_submission_flows_from_the_form_to_a_merged_person(celery_worker, moderator):
    namesake = PublicPersonFactory(surname="Сәрсенбаев", given_name="Әлібек")
    response = send(
        Client(), files=[("photo.jpg", jpeg_with_gps())], surname="Sarsenbayev"
    )
    assert response.status_code == 200
    submission = processed(Submission.objects.get().pk)
    assert Attachment.objects.get().scrubbed_sha256
    assert [c.person for c in submission.candidates.all()] == [namesake]

    decided = moderator.post(
        f"{QUEUE}{submission.pk}/decide/",
        {
            "action": "merge",
            "person": str(namesake.uuid),
            "facts": ["name", "killed"],
            "note": "the same person, by the family's account",
        },
    )
    assert decided.status_code == 302
    submission.refresh_from_db()
    assert submission.status == Status.ACCEPTED
    spellings = {str(v) for v in NameVariant.objects.filter(person=namesake)}
    assert {"Sarsenbayev Әлібек", "Сәрсенбаев Әлібек Серікұлы"} <= spellings
    assert Person.objects.search("Sarsenbayev Alibek", "staff")[0].person == namesake
    source = Source.objects.get(reference=f"submission-{submission.uuid}")
    assert source.kind == Source.Kind.TESTIMONY and source.visibility == "staff"
    cited = Citation.objects.filter(source=source)
    assert {c.content_type.model for c in cited} == {"person", "death"}
    assert namesake.death.circumstances == "an invented street in Almaty"


def test_a_submission_accepted_as_a_new_person(celery_worker, moderator):
    send(Client(), surname="Жұмабекова", given_name="Гүлнұр", happened=["detained"])
    submission = processed(Submission.objects.get().pk)
    assert not submission.candidates.exists()
    moderator.post(
        f"{QUEUE}{submission.pk}/decide/",
        {"action": "accept", "facts": ["detained"], "note": ""},
    )
    person = Person.objects.get(surname="Жұмабекова")
    assert person.visibility == "staff" and person.naming == "initials"
    assert person.detentions.count() == 1
    assert person.birth_date.year == 1990
    assert Citation.objects.filter(source__submission=submission).count() == 2


def test_a_submission_made_while_the_broker_is_down_is_processed_when_it_is_back(
    celery_worker, reference_data
):
    with broker_unreachable():
        response = send(Client())
        assert response.status_code == 200  # saved, and the visitor has a receipt
        assert "Your receipt code" in response.text
    submission = Submission.objects.get()
    assert submission.queued_at is None  # nothing was handed to the broker
    assert submission.processed_at is None

    assert queue_unprocessed(waited_seconds=0) == 1  # what beat runs every minute
    assert processed(submission.pk).processed_at
