"""Who reads what through the API: every endpoint against anonymous callers, each token
scope and each staff role; restricted records and fields never in a response."""

import pytest
from django.test import Client
from django.utils import timezone

from archive.models import PartnerToken
from archive.visibility import Visibility
from archive.visibility import levels_up_to
from tests.factories import AllegationFactory
from tests.factories import CriminalCaseFactory
from tests.factories import DeathFactory
from tests.factories import DetentionFactory
from tests.factories import FigureFactory
from tests.factories import IncidentFactory
from tests.factories import InjuryFactory
from tests.factories import PseudonymousPersonFactory
from tests.factories import PublicPersonFactory
from tests.factories import PublicSourceFactory
from tests.factories import UserFactory
from tests.factories import cite
from tests.factories import defendant
from tests.factories import partner_token
from tests.factories import sign_in

LEVELS = [Visibility.PUBLIC, Visibility.PARTNERS, Visibility.STAFF]

# endpoint -> how to make one record of it at a visibility level
RECORD_ENDPOINTS = {
    "persons": lambda level: PublicPersonFactory(visibility=level),
    "deaths": lambda level: DeathFactory(visibility=level),
    "detentions": lambda level: DetentionFactory(visibility=level),
    "injuries": lambda level: InjuryFactory(visibility=level),
    "allegations": lambda level: AllegationFactory(visibility=level),
    "incidents": lambda level: IncidentFactory(visibility=level),
    "criminal-cases": lambda level: CriminalCaseFactory(visibility=level),
    "sources": lambda level: PublicSourceFactory(visibility=level),
    "figures": lambda level: FigureFactory(visibility=level),
}
REFERENCE_ENDPOINTS = ["places", "organisations", "citations"]

# Text that only staff may read, planted in sensitive fields and withheld names.
SECRETS = {
    "real_name": "Тайназарова",
    "testimony": "invented-testimony-staff-only",
    "notes": "invented-monitoring-notes-staff-only",
    "occupation": "invented-occupation-partners",
}


def _client(*, role=None, token=None, signed_in=False) -> Client:
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}") if token else Client()
    if role or signed_in:
        sign_in(client, UserFactory(role=role))
    return client


CALLERS = {
    "anonymous": (lambda: _client(), Visibility.PUBLIC),
    "signed in, no role": (lambda: _client(signed_in=True), Visibility.PUBLIC),
    "token read:public": (
        lambda: _client(token=partner_token("read:public")),
        Visibility.PUBLIC,
    ),
    "token submit only": (
        lambda: _client(token=partner_token("submit")),
        Visibility.PUBLIC,
    ),
    "token read:partners": (
        lambda: _client(token=partner_token("read:public", "read:partners")),
        Visibility.PARTNERS,
    ),
    "editor": (lambda: _client(role="editor"), Visibility.STAFF),
    "moderator": (lambda: _client(role="moderator"), Visibility.STAFF),
    "administrator": (lambda: _client(role="administrator"), Visibility.STAFF),
}


@pytest.fixture
def world(db) -> dict:
    """Three records of each kind, one per visibility level, and the secrets."""
    records = {
        endpoint: {level: make(level) for level in LEVELS}
        for endpoint, make in RECORD_ENDPOINTS.items()
    }
    withheld = PseudonymousPersonFactory(surname=SECRETS["real_name"])
    detailed = PublicPersonFactory(
        details_visibility=Visibility.PARTNERS, occupation=SECRETS["occupation"]
    )
    AllegationFactory(victim=withheld, testimony=SECRETS["testimony"])
    case = CriminalCaseFactory(monitoring_notes=SECRETS["notes"])
    defendant(case, withheld)
    # A public death of a staff-only person is not public.
    hidden_owner = DeathFactory(person=PublicPersonFactory(visibility=Visibility.STAFF))
    retracted = PublicPersonFactory(retracted_at=timezone.now())
    return {
        "records": records,
        "withheld": withheld,
        "detailed": detailed,
        "hidden_owner": hidden_owner,
        "retracted": retracted,
    }


def _ids(client, endpoint: str) -> set[str]:
    response = client.get(f"/api/v1/{endpoint}/", {"page_size": 500})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("caller", CALLERS)
def test_each_caller_lists_and_opens_only_what_its_clearance_reads(world, caller):
    make_client, clearance = CALLERS[caller]
    client = make_client()
    for endpoint, records in world["records"].items():
        listed = _ids(client, endpoint)
        for level, record in records.items():
            readable = level in levels_up_to(clearance)
            assert (str(record.uuid) in listed) is readable, (endpoint, level)
            detail = client.get(f"/api/v1/{endpoint}/{record.uuid}/")
            assert detail.status_code == (200 if readable else 404), endpoint
    assert str(world["retracted"].uuid) not in _ids(client, "persons")
    death = world["hidden_owner"]
    assert (str(death.uuid) in _ids(client, "deaths")) is (
        clearance == Visibility.STAFF
    )


@pytest.mark.parametrize("caller", CALLERS)
def test_restricted_fields_are_absent_not_blank(world, caller):
    make_client, clearance = CALLERS[caller]
    client = make_client()
    withheld = client.get(f"/api/v1/persons/{world['withheld'].uuid}/").json()
    detailed = client.get(f"/api/v1/persons/{world['detailed'].uuid}/").json()
    staff, partners = clearance == Visibility.STAFF, clearance != Visibility.PUBLIC
    assert ("surname" in withheld) is staff
    assert ("name_variants" in withheld) is staff
    assert (SECRETS["real_name"] in withheld["name"]) is staff
    assert ("occupation" in detailed) is partners
    assert ("birth_date" in detailed) is partners
    assert "occupation" not in withheld or staff


@pytest.mark.parametrize("caller", CALLERS)
def test_no_response_or_export_carries_text_above_the_callers_clearance(world, caller):
    make_client, clearance = CALLERS[caller]
    client = make_client()
    allowed = {
        Visibility.PUBLIC: set(),
        Visibility.PARTNERS: {"occupation"},
        Visibility.STAFF: set(SECRETS),
    }[clearance]
    endpoints = [*RECORD_ENDPOINTS, *REFERENCE_ENDPOINTS]
    for endpoint in endpoints:
        for path in ("", "export.csv", "export.json"):
            response = client.get(f"/api/v1/{endpoint}/{path}", {"page_size": 500})
            assert response.status_code == 200, (endpoint, path)
            body = b"".join(response.streaming_content if path else [response.content])
            for name, text in SECRETS.items():
                if name not in allowed:
                    assert text.encode() not in body, (endpoint, path, name)


def test_a_name_withheld_from_the_caller_cannot_be_searched(world):
    query = {"q": SECRETS["real_name"]}
    public = _client().get("/api/v1/persons/", query).json()["results"]
    staff = _client(role="editor").get("/api/v1/persons/", query).json()["results"]
    assert str(world["withheld"].uuid) not in {row["id"] for row in public}
    assert str(world["withheld"].uuid) in {row["id"] for row in staff}


def test_a_case_lists_only_defendants_the_caller_may_read(db):
    case = CriminalCaseFactory()
    public, hidden = PublicPersonFactory(), PublicPersonFactory(visibility="staff")
    defendant(case, public)
    defendant(case, hidden)
    data = _client().get(f"/api/v1/criminal-cases/{case.uuid}/").json()
    assert [row["person"] for row in data["defendants"]] == [str(public.uuid)]


def test_citations_need_both_the_source_and_the_record_readable(db):
    staff_source = PublicSourceFactory(visibility="staff")
    person = PublicPersonFactory(cited=False)
    public_citation = cite(person)
    hidden_citation = cite(person, source=staff_source)
    hidden_record_citation = cite(PublicPersonFactory(visibility="staff"))
    listed = _ids(_client(), "citations")
    assert str(public_citation.uuid) in listed
    assert str(hidden_citation.uuid) not in listed
    assert str(hidden_record_citation.uuid) not in listed
    person_data = _client().get(f"/api/v1/persons/{person.uuid}/").json()
    assert [c["source"] for c in person_data["citations"]] == [
        str(public_citation.source.uuid)
    ]


@pytest.mark.parametrize(
    "header", ["Bearer qa_nope_nope", "Bearer", "Bearer a b", "Bearer ñ"]
)
def test_a_wrong_token_is_refused_with_401_not_read_as_anonymous(db, header):
    response = Client(HTTP_AUTHORIZATION=header).get("/api/v1/persons/")
    assert response.status_code == 401
    assert response.json()["status"] == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_revoked_token_stops_working_and_use_is_recorded(db):
    secret = partner_token("read:public")
    client = _client(token=secret)
    assert client.get("/api/v1/persons/").status_code == 200
    token = PartnerToken.objects.get()
    assert token.last_used_at is not None
    assert token.secret_hash not in secret and token.prefix in secret
    PartnerToken.objects.update(revoked_at=timezone.now())
    assert client.get("/api/v1/persons/").status_code == 401


def test_throttles_answer_429_for_anonymous_callers_and_per_token(db, settings):
    from django.core.cache import cache

    cache.clear()
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"anonymous": "3/minute", "partner": "5/minute"},
    }
    anonymous = _client()
    statuses = [anonymous.get("/api/v1/places/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    assert anonymous.get("/api/v1/places/").json()["status"] == 429
    partner = _client(token=partner_token("read:public"))
    statuses = [partner.get("/api/v1/places/").status_code for _ in range(6)]
    assert statuses == [200] * 5 + [429]
    other = _client(token=partner_token("read:public"))
    assert other.get("/api/v1/places/").status_code == 200
    staff = _client(role="editor")
    assert {staff.get("/api/v1/places/").status_code for _ in range(6)} == {200}
    cache.clear()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_api_is_read_only_for_everyone(world, method):
    record = world["records"]["persons"][Visibility.PUBLIC]
    client = _client(role="administrator")
    response = getattr(client, method)(
        f"/api/v1/persons/{record.uuid}/", {}, content_type="application/json"
    )
    assert response.status_code in (403, 405)
    assert response.status_code != 500
