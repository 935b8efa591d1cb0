"""Partners send submissions through the API into the same moderation queue."""

import pytest
from django.test import Client

from submissions.models import Status
from submissions.models import Submission
from tests.factories import OrganisationFactory
from tests.factories import PublicPersonFactory
from tests.factories import partner_token

SUBMISSION = {
    "kind": "new_person",
    "surname": "Ерболова",
    "given_name": "Айгерім",
    "birth_year": 1985,
    "happened": ["detained"],
    "happened_on": "2022-01-07",
    "account": "An invented account from a partner's hotline.",
    "naming": "pseudonym",
    "contact": "invented-hotline-case-17",
}


def _partner(*scopes, organisation=None) -> Client:
    secret = partner_token(*scopes, organisation=organisation)
    return Client(HTTP_AUTHORIZATION=f"Bearer {secret}")


def test_a_partner_submits_and_follows_the_status(db):
    desk = OrganisationFactory(name="Invented Data Desk")
    client = _partner("submit", organisation=desk)
    response = client.post(
        "/api/v1/submissions/", SUBMISSION, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "received" and len(body["receipt"]) == 19
    assert "contact" not in body
    submission = Submission.objects.get()
    assert submission.partner == desk and submission.contact_encrypted
    followed = client.get(f"/api/v1/submissions/{body['id']}/").json()
    assert followed["status"] == Status.RECEIVED
    assert "receipt" not in followed  # shown once, when it was sent
    other = _partner("submit").get(f"/api/v1/submissions/{body['id']}/")
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("client_for", "status"),
    [
        (lambda: Client(), 401),
        (lambda: _partner("read:public", "read:partners"), 403),
    ],
)
def test_only_tokens_with_the_submit_scope_may_send(db, client_for, status):
    response = client_for().post(
        "/api/v1/submissions/", SUBMISSION, content_type="application/json"
    )
    assert response.status_code == status
    assert not Submission.objects.exists()


def test_staff_sessions_do_not_submit_through_the_api(editor_client):
    response = editor_client.post(
        "/api/v1/submissions/", SUBMISSION, content_type="application/json"
    )
    assert response.status_code == 403


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "gossip"}, "kind"),
        ({"surname": "", "given_name": ""}, "surname"),
        ({"kind": "correction"}, "person"),
        ({"person": "00000000-0000-0000-0000-000000000000"}, "person"),
        ({"happened": ["vanished"]}, "happened"),
        ({"birth_year": 3000}, "birth_year"),
        ({"account": ""}, "account"),
        ({"region": "not-a-uuid"}, "region"),
    ],
)
def test_bad_submissions_get_400_with_the_field(db, changes, field):
    response = _partner("submit").post(
        "/api/v1/submissions/",
        {**SUBMISSION, **changes},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Submission.objects.exists()


def test_a_partner_cannot_name_a_person_it_may_not_read(db):
    hidden = PublicPersonFactory(visibility="staff")
    response = _partner("submit").post(
        "/api/v1/submissions/",
        {**SUBMISSION, "kind": "correction", "person": str(hidden.uuid)},
        content_type="application/json",
    )
    assert response.status_code == 400 and "person" in response.json()


@pytest.fixture
def redis_down(settings):
    """The cache (which counts rate limits) pointed at a port nothing listens on."""
    settings.CACHES = {
        "default": {**settings.CACHES["default"], "LOCATION": "redis://127.0.0.1:9/0"}
    }


def test_with_redis_down_reads_answer_and_a_partner_submission_is_stored(
    db, redis_down
):
    assert Client().get("/api/v1/persons/").status_code == 200
    token = partner_token("submit")
    response = Client(HTTP_AUTHORIZATION=f"Bearer {token}").post(
        "/api/v1/submissions/",
        {
            "kind": "new_person",
            "surname": "Сейітов",
            "naming": "initials",
            "account": "An invented account.",
        },
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    assert response.json()["receipt"]
    assert Submission.objects.get().surname == "Сейітов"


def test_the_schema_promises_the_receipt_on_sending_only_and_documents_errors(db):
    schema = Client().get("/api/v1/schema/", HTTP_ACCEPT="application/json").json()
    components = schema["components"]["schemas"]
    sent = schema["paths"]["/api/v1/submissions/"]["post"]["responses"]["201"]
    read = schema["paths"]["/api/v1/submissions/{uuid}/"]["get"]["responses"]["200"]

    def properties(response) -> set[str]:
        name = response["content"]["application/json"]["schema"]["$ref"].split("/")[-1]
        return set(components[name]["properties"])

    assert "receipt" in properties(sent)
    assert "receipt" not in properties(read)
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "429", "503"} <= documented, path


def test_a_partner_sees_the_person_a_submission_was_merged_into(moderator_client):
    person = PublicPersonFactory()
    partner = _partner("submit")
    sent = partner.post(
        "/api/v1/submissions/", SUBMISSION, content_type="application/json"
    ).json()
    submission = Submission.objects.get()

    moderator_client.post(
        f"/en/admin/submissions/submission/{submission.pk}/decide/",
        {"action": "merge", "person": str(person.uuid), "facts": ["name"]},
    )

    followed = partner.get(f"/api/v1/submissions/{sent['id']}/").json()
    assert followed["status"] == "accepted"
    assert followed["person"] == str(person.uuid)
