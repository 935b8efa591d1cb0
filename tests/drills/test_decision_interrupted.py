"""A moderator's decision interrupted: the database connection drops in the middle of
the transaction. Either the whole decision is stored or none of it."""

import pytest
from django.db import connection
from django.test import Client

from submissions.models import Decision
from submissions.models import Status
from submissions.models import Submission
from tests.factories import UserFactory
from tests.factories import sign_in
from tests.submissions.test_submissions import QUEUE
from tests.submissions.test_submissions import send
from victims.models import Death
from victims.models import Person

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("reference_data", "fresh_rate_limits"),
]

# Installed by the test: the database server ends the session that writes the
# decision's log row, the last write of a decision, as a dropped connection would.
DROP_ON_DECISION = """
CREATE FUNCTION drill_drop_connection() RETURNS trigger AS $$
BEGIN
    PERFORM pg_terminate_backend(pg_backend_pid());
    RETURN NEW;
END $$ LANGUAGE plpgsql;
CREATE TRIGGER drill_drop_connection BEFORE INSERT ON submissions_decision
    FOR EACH ROW EXECUTE FUNCTION drill_drop_connection();
"""
UNDO = """
DROP TRIGGER IF EXISTS drill_drop_connection ON submissions_decision;
DROP FUNCTION IF EXISTS drill_drop_connection();
"""


@pytest.fixture
def dropping_connection():
    """Installs the trigger; yields the function that removes it."""

    def stop_dropping() -> None:
        connection.close()  # the test's own connection may be the one dropped
        with connection.cursor() as cursor:
            cursor.execute(UNDO)

    with connection.cursor() as cursor:
        cursor.execute(DROP_ON_DECISION)
    yield stop_dropping
    stop_dropping()


def test_an_interrupted_acceptance_stores_nothing_then_a_retry_stores_all(
    dropping_connection,
):
    send(Client())
    submission = Submission.objects.get()
    moderator = sign_in(
        Client(raise_request_exception=False), UserFactory(role="moderator")
    )
    decide = f"{QUEUE}{submission.pk}/decide/"
    accept = {"action": "accept", "facts": ["name", "killed"], "note": "checked"}
    people_before = Person.objects.count()

    response = moderator.post(decide, accept)

    assert response.status_code == 503  # the archive's page, not a 500
    dropping_connection()
    assert Person.objects.count() == people_before
    assert not Death.objects.exists()
    assert not Decision.objects.exists()
    assert Submission.objects.get().status == Status.RECEIVED

    assert moderator.post(decide, accept).status_code == 302
    assert Person.objects.count() == people_before + 1
    assert Death.objects.count() == 1
    assert Decision.objects.get().action == "accept"
    assert Submission.objects.get().status == Status.ACCEPTED
